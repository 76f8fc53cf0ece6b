// A ChatServer's Prometheus series, read the way Prometheus reads them (registry text): sessions
// and connections, LOGINs by result, frames in, commit batches; and its /readyz reason.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMetricsRegistry, silentLogger } from '@parley/core';
import { MsgType } from '@parley/proto';
import { ChatClient, createChatServer, PeerHub, type ChatServer } from '../src/index';
import { startOneServer, type OneServer } from './helpers/one-server';

const value = (text: string, series: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(series));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : NaN;
};

describe('ChatServer metrics', () => {
  let one: OneServer;
  let chat: ChatServer;
  let port: number;
  const registry = createMetricsRegistry('chat-m');

  before(async () => {
    one = await startOneServer('chat-m-base');
    chat = createChatServer({
      name: 'chat-m',
      publicHost: '127.0.0.1',
      db: one.db,
      stores: one.stores,
      status: one.status,
      peers: new PeerHub().transport(),
      logger: silentLogger,
      metrics: registry,
    });
    assert.equal(chat.ready(), 'not listening');
    port = await chat.listen('127.0.0.1', 0);
  });
  after(async () => {
    await chat.close();
    await one.close();
  });

  it('counts sessions, LOGINs by result and frames; is ready while serving', async () => {
    assert.equal(chat.ready(), null);
    const uid = await one.user('metered');
    const { token } = await one.status.issueToken(uid);
    const good = await ChatClient.connect('127.0.0.1', port);
    assert.equal((await good.login(uid, token)).body['error'], 0);
    const bad = await ChatClient.connect('127.0.0.1', port);
    assert.equal((await bad.login(uid, 'forged')).body['error'], 1010);
    await good.request(MsgType.HEARTBEAT);
    const text = await registry.metrics();
    assert.equal(value(text, 'parley_chat_sessions{server="chat-m"'), 1);
    assert.equal(value(text, 'parley_chat_logins_total{server="chat-m",result="ok"'), 1);
    assert.equal(value(text, 'parley_chat_logins_total{server="chat-m",result="1010"'), 1);
    assert.ok(value(text, 'parley_chat_frames_in_total{server="chat-m"') >= 3);
    await good.close();
  });
});
