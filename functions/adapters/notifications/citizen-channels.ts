/**
 * The channels citizens' notices travel by, from the environment, in order: Zalo ZNS when its
 * token is set, the brandname SMS gateway when its URL is set, then SNS when deployed. The
 * embedded runtime writes the file outbox unless a provider is configured.
 */
import { ENV } from '../../../infra/manifest.ts';
import type { NotificationChannel } from '../../app/notifications/channels.ts';
import type { SNSClient } from '../../commons/sdk/sns.ts';
import type { TemplateId } from '../../domain/notifications/templates.ts';
import { BrandnameSmsChannel } from './brandname-sms.ts';
import { SnsSmsChannel } from './sns-sms.ts';
import { ZaloZnsChannel } from './zalo-zns.ts';

type Env = Readonly<Record<string, string | undefined>>;

function znsTemplateIds(env: Env): Partial<Record<TemplateId, string>> {
  const text = env[ENV.znsTemplateIds];
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(`${ENV.znsTemplateIds} must be a JSON object of template ids`);
  return parsed as Partial<Record<TemplateId, string>>;
}

/** The providers configured; `sns` is given when deployed. Empty: nothing configured. */
export function citizenChannels(env: Env, sns?: SNSClient): NotificationChannel[] {
  const channels: NotificationChannel[] = [];
  const znsToken = env[ENV.znsAccessToken];
  if (znsToken) {
    const endpoint = env[ENV.znsEndpoint];
    channels.push(
      new ZaloZnsChannel({
        accessToken: znsToken,
        templateIds: znsTemplateIds(env),
        ...(endpoint ? { endpoint } : {}),
      }),
    );
  }
  const gateway = env[ENV.smsGatewayUrl];
  if (gateway)
    channels.push(
      new BrandnameSmsChannel({
        endpoint: gateway,
        token: env[ENV.smsGatewayToken] ?? '',
        brandname: env[ENV.smsBrandname] ?? 'BUUDIEN',
      }),
    );
  if (sns) channels.push(new SnsSmsChannel(sns));
  return channels;
}
