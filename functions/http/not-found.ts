/** $default — every request that matches no route gets a problem+json 404. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpProblem, problemResponse } from '../commons/http/problem.ts';
import { logger } from '../commons/powertools.ts';

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const method = event.requestContext.http.method;
    logger.info('unknown route', { method, path: event.rawPath });
    return problemResponse(
      new HttpProblem('route-not-found', `No route for ${method} ${event.rawPath}`),
      event.rawPath,
    );
  });
