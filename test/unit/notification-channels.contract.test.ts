/**
 * Contract tests of the citizens' notification channels: each HTTP adapter against a local fake
 * that speaks its provider's documented request and answer shapes, SNS through a mocked client,
 * and the fallback order Zalo ZNS → brandname SMS → SNS.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BrandnameSmsChannel } from '../../functions/adapters/notifications/brandname-sms.ts';
import { citizenChannels } from '../../functions/adapters/notifications/citizen-channels.ts';
import { SnsSmsChannel } from '../../functions/adapters/notifications/sns-sms.ts';
import { ZaloZnsChannel } from '../../functions/adapters/notifications/zalo-zns.ts';
import {
  type ChannelMessage,
  ChannelOutbox,
  NoChannelReached,
  sendThroughChannels,
} from '../../functions/app/notifications/channels.ts';
import { renderTemplate } from '../../functions/domain/notifications/templates.ts';
import { type FakeProvider, startFakeProvider } from '../support/fake-provider.ts';

const message: ChannelMessage = {
  notificationId: 'EVT-1:sms',
  to: '+84912345678',
  template: renderTemplate('out-for-delivery', { itemCode: 'EA123456789VN', code: '482913', amount: '' }),
};
const ZNS_SENT = {
  error: 0,
  message: 'Success',
  data: { msg_id: 'zns-msg-1', sent_time: '1764756000000', quota: {} },
};
const NO_ZALO = { error: -118, message: 'Zalo account not existed' };
const GATEWAY_SENT = { status: 'accepted', messageId: 'gw-1' };

let zalo: FakeProvider;
let gateway: FakeProvider;
const sns = mockClient(SNSClient);

beforeEach(async () => {
  zalo = await startFakeProvider('/message/template');
  gateway = await startFakeProvider('/sms/send');
  sns.reset();
});
afterEach(async () => {
  await zalo.close();
  await gateway.close();
});

const zaloChannel = (timeoutMs = 2_000) =>
  new ZaloZnsChannel({
    endpoint: zalo.url,
    accessToken: 'oa-token',
    templateIds: { 'out-for-delivery': '301234' },
    timeoutMs,
  });
const gatewayChannel = (timeoutMs = 2_000) =>
  new BrandnameSmsChannel({ endpoint: gateway.url, token: 'gw-token', brandname: 'BUUDIEN', timeoutMs });
const snsChannel = () => new SnsSmsChannel(new SNSClient({ region: 'ap-southeast-1' }));

describe('Zalo ZNS channel', () => {
  it('posts the template message with the access token and answers the msg_id', async () => {
    zalo.answer = () => ({ status: 200, json: ZNS_SENT });
    expect(await zaloChannel().send(message)).toEqual({ kind: 'sent', messageId: 'zns-msg-1' });
    const [request] = zalo.received;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/message/template');
    expect(request?.headers.access_token).toBe('oa-token');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual({
      phone: '84912345678',
      template_id: '301234',
      template_data: { itemCode: 'EA123456789VN', code: '482913', amount: '' },
      tracking_id: 'EVT-1:sms',
    });
  });

  it('answers unreachable when the number has no Zalo account', async () => {
    zalo.answer = () => ({ status: 200, json: NO_ZALO });
    expect(await zaloChannel().send(message)).toMatchObject({ kind: 'unreachable' });
  });

  it('answers unreachable without a call when no ZNS template is registered for the notice', async () => {
    const other = { ...message, template: renderTemplate('delivered', { itemCode: 'EA123456789VN' }) };
    expect(await zaloChannel().send(other)).toMatchObject({ kind: 'unreachable' });
    expect(zalo.received).toHaveLength(0);
  });

  it('throws on any other provider error, on an HTTP error and on a timeout', async () => {
    zalo.answer = () => ({ status: 200, json: { error: -124, message: 'Access token invalid' } });
    await expect(zaloChannel().send(message)).rejects.toThrow(/-124/);
    zalo.answer = () => ({ status: 502, json: 'Bad gateway' });
    await expect(zaloChannel().send(message)).rejects.toThrow(/HTTP 502/);
    zalo.answer = () => 'hang';
    await expect(zaloChannel(50).send(message)).rejects.toThrow();
  });
});

describe('brandname SMS gateway channel', () => {
  it('posts the GSM-7 text with the bearer token and answers the messageId', async () => {
    gateway.answer = () => ({ status: 200, json: GATEWAY_SENT });
    expect(await gatewayChannel().send(message)).toEqual({ kind: 'sent', messageId: 'gw-1' });
    const [request] = gateway.received;
    expect(request?.headers.authorization).toBe('Bearer gw-token');
    expect(request?.body).toEqual({
      to: '84912345678',
      brandname: 'BUUDIEN',
      text: message.template.smsText,
      requestId: 'EVT-1:sms',
    });
  });

  it('answers unreachable for a number it refuses, and throws on other rejections and timeouts', async () => {
    gateway.answer = () => ({
      status: 200,
      json: { status: 'rejected', code: 'invalid-number', message: 'x' },
    });
    expect(await gatewayChannel().send(message)).toMatchObject({ kind: 'unreachable' });
    gateway.answer = () => ({
      status: 429,
      json: { status: 'rejected', code: 'rate-limited', message: 'slow down' },
    });
    await expect(gatewayChannel().send(message)).rejects.toThrow(/rate-limited/);
    gateway.answer = () => 'hang';
    await expect(gatewayChannel(50).send(message)).rejects.toThrow();
  });
});

describe('SNS SMS channel', () => {
  it('publishes the GSM-7 text as a transactional SMS', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    expect(await snsChannel().send(message)).toEqual({ kind: 'sent', messageId: 'sns-1' });
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.PhoneNumber).toBe('+84912345678');
    expect(input?.Message).toBe(message.template.smsText);
    expect(input?.MessageAttributes?.['AWS.SNS.SMS.SMSType']?.StringValue).toBe('Transactional');
  });
});

describe('fallback order', () => {
  /** A short timeout only where a provider is made to hang. */
  const channels = (timeoutMs = 2_000) => [zaloChannel(timeoutMs), gatewayChannel(timeoutMs), snsChannel()];

  it('sends by Zalo alone when Zalo takes it', async () => {
    zalo.answer = () => ({ status: 200, json: ZNS_SENT });
    expect(await sendThroughChannels(channels(), message)).toBe('zalo-zns:zns-msg-1');
    expect(gateway.received).toHaveLength(0);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('falls back to the brandname gateway when the number has no Zalo', async () => {
    zalo.answer = () => ({ status: 200, json: NO_ZALO });
    gateway.answer = () => ({ status: 200, json: GATEWAY_SENT });
    expect(await sendThroughChannels(channels(), message)).toBe('brandname-sms:gw-1');
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('falls back to SNS when Zalo times out and the gateway fails', async () => {
    zalo.answer = () => 'hang';
    gateway.answer = () => ({
      status: 503,
      json: { status: 'rejected', code: 'unavailable', message: 'down' },
    });
    sns.on(PublishCommand).resolves({ MessageId: 'sns-2' });
    expect(await sendThroughChannels(channels(50), message)).toBe('sns-sms:sns-2');
    expect(zalo.received).toHaveLength(1);
    expect(gateway.received).toHaveLength(1);
  });

  it('throws when no channel reaches the number, so that the queue retries', async () => {
    zalo.answer = () => ({ status: 200, json: NO_ZALO });
    gateway.answer = () => ({
      status: 200,
      json: { status: 'rejected', code: 'invalid-number', message: 'x' },
    });
    sns.on(PublishCommand).rejects(new Error('SNS throttled'));
    await expect(sendThroughChannels(channels(), message)).rejects.toThrow(NoChannelReached);
  });

  it('sends a templated notification through the outbox and refuses one without a template', async () => {
    zalo.answer = () => ({ status: 200, json: ZNS_SENT });
    const outbox = new ChannelOutbox(channels());
    const notification = { notificationId: 'EVT-1:sms', channel: 'sms' as const, to: message.to, text: '' };
    expect(await outbox.send({ ...notification, template: message.template })).toBe('zalo-zns:zns-msg-1');
    await expect(outbox.send(notification)).rejects.toThrow(/templated/);
  });
});

describe('channels from the environment', () => {
  it('orders the configured providers Zalo, gateway, SNS and configures none by default', () => {
    const env = {
      ZNS_ACCESS_TOKEN: 't',
      ZNS_TEMPLATE_IDS: '{"out-for-delivery":"301234"}',
      SMS_GATEWAY_URL: 'http://gw',
    };
    expect(citizenChannels(env, new SNSClient({})).map((channel) => channel.name)).toEqual([
      'zalo-zns',
      'brandname-sms',
      'sns-sms',
    ]);
    expect(citizenChannels({})).toEqual([]);
    expect(() => citizenChannels({ ZNS_ACCESS_TOKEN: 't', ZNS_TEMPLATE_IDS: '[]' })).toThrow(/JSON object/);
  });
});
