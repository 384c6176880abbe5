// Drives the original EXP JavaScript SDK (exp-sdk 5.0.0) against the server for OriginalSdkTests.
// Prints one line per step, 'STEP <json>'; reads one line from stdin before it broadcasts.
'use strict';
const EXP = require('exp-sdk');

const env = process.env;
const out = (step, data) => console.log(step + ' ' + JSON.stringify(data === undefined ? null : data));
const fail = (error) => {
  out('ERROR', String((error && error.stack) || error));
  process.exit(1);
};
setTimeout(() => fail('timed out'), 60000);

const device = EXP.start({ host: env.EXP_HOST, uuid: env.DEVICE_UUID, secret: env.DEVICE_SECRET });
const user = EXP.start({ host: env.EXP_HOST, username: env.USERNAME, password: env.PASSWORD,
  organization: env.ORGANIZATION });
device.on('error', fail);
user.on('error', fail);

(async () => {
  const channel = device.getChannel('organization');
  await channel.listen('hello', (payload) => out('HEARD', payload));
  await channel.listen('ping', (payload, respond) => respond({ pong: payload.n }));
  out('READY');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const responses = await user.getChannel('organization').broadcast('ping', { n: 7 }, 1500);
  out('RESPONSES', responses);
  // the transport the device's connection ended on: polling first, then the upgrade to WebSocket
  out('TRANSPORT', device._sdk.network._socket.io.engine.transport.name);
  device.stop();
  user.stop();
  process.exit(0);
})().catch(fail);
