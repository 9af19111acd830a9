/** `@aws-sdk/util-dynamodb`, loaded with require (see ./require.ts). */
import type * as UtilDynamoDB from '@aws-sdk/util-dynamodb';
import { requireSdk } from './require.ts';

const sdk: typeof UtilDynamoDB = requireSdk('@aws-sdk/util-dynamodb');

export const { unmarshall } = sdk;
