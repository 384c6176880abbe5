// Drives the original EXP JavaScript SDK (exp-sdk 5.0.0) against the server for OriginalSdkTests, written as the
// SDK's users wrote code (see the SDK's README). Usage: node original-sdk.js <scenario>. Prints one line per step,
// 'STEP <json>'; where the test must act first, reads a line from stdin.
'use strict';

// A browser keeps the cookies that the SDK's login sets and sends them back where their Path matches, without
// any Authorization header, for an <img src> or a link: so does browserGet.
const cookies = [];
const nativeFetch = global.fetch;
global.fetch = async (url, options) => {
  const response = await nativeFetch(url, options);
  response.headers.getSetCookie().forEach((header) => {
    const [pair, ...attributes] = header.split(';').map((part) => part.trim());
    const path = attributes.find((attribute) => /^path=/i.test(attribute));
    cookies.push({ pair, path: path ? path.substring(5) : '/' });
  });
  return response;
};
const browserGet = (url) => {
  const sent = cookies.filter((cookie) => new URL(url).pathname.startsWith(cookie.path)).map((cookie) => cookie.pair);
  return nativeFetch(url, { headers: { Cookie: sent.join('; ') } });
};

const EXP = require('exp-sdk');

const env = process.env;
const out = (step, data) => console.log(step + ' ' + JSON.stringify(data === undefined ? null : data));
const fail = (error) => {
  out('ERROR', String((error && error.stack) || error));
  process.exit(1);
};
setTimeout(() => fail('timed out'), 60000);
const nextLine = () => new Promise((resolve) => process.stdin.once('data', resolve));
const startUser = () => EXP.start({ host: env.EXP_HOST, username: env.USERNAME, password: env.PASSWORD,
  organization: env.ORGANIZATION });
const bytes = async (response) => ({ status: response.status,
  base64: Buffer.from(await response.arrayBuffer()).toString('base64') });

const scenarios = {

  // The SDK's original example, beside a Spring app on the STOMP bus: a device listens and responds, a user finds
  // devices, changes and saves one, broadcasts, and asks the devices something (a broadcast with a timeout).
  async example() {
    const device = EXP.start({ host: env.EXP_HOST, uuid: env.DEVICE_UUID, secret: env.DEVICE_SECRET });
    device.on('error', fail);
    const channel = device.getChannel('organization');
    await channel.listen('hello', (payload) => out('HEARD', { name: 'hello', payload }));
    await channel.listen('I changed a device!', (payload) => out('HEARD', { name: 'I changed a device!', payload }));
    await channel.listen('getSomething', (payload, respond) => respond({ something: payload.info }));
    out('READY');
    await nextLine();

    const user = startUser();
    user.on('error', fail);
    const devices = await user.findDevices();
    out('FOUND', devices.map((found) => found.uuid));
    const changed = devices.find((found) => found.uuid === env.CHANGED_DEVICE);
    changed.name = 'My Device';
    await changed.save();
    out('SAVED', changed.document);
    await user.getChannel('organization').broadcast('I changed a device!', { uuid: changed.uuid });
    const responses = await user.getChannel('organization').broadcast('getSomething', { info: 123 }, 3000);
    out('RESPONSES', responses);
    // the transport the device's connection ended on: polling first, then the upgrade to WebSocket
    out('TRANSPORT', device._sdk.network._socket.io.engine.transport.name);
    device.stop();
    user.stop();
  },

  // Content and layout URLs as the SDK builds them, fetched by code with the token and by a browser with the cookie.
  async content() {
    const user = startUser();
    user.on('error', fail);
    const file = await user.getContent(env.CONTENT_FILE);
    const app = await user.getContent(env.CONTENT_APP);
    const location = await user.getLocation(env.LOCATION);
    out('LAYOUT_URL', location.getLayoutUrl());
    const urls = {
      file: file.getUrl(),
      thumb: file.hasVariant('thumb') && file.getVariantUrl('thumb'),
      app: app.getUrl(),
      // a bare path, which a page served by the server resolves against its own origin
      layout: new URL(location.getLayoutUrl(), env.EXP_HOST).href,
    };
    for (const [name, url] of Object.entries(urls)) {
      const auth = await user.getAuth();
      const bearer = await bytes(await nativeFetch(url, { headers: { Authorization: 'Bearer ' + auth.token } }));
      const cookie = await bytes(await browserGet(url));
      const none = (await nativeFetch(url)).status;
      out('FETCHED', { name, url, bearer, cookie, none });
    }
    user.stop();
  },

  // Data whose key has a '/' in it, which the SDK sends as %2F.
  async data() {
    const user = startUser();
    user.on('error', fail);
    const created = await user.createData('cats', 'tabby/grey', { name: 'smokey' });
    const got = await user.getData('cats', 'tabby/grey');
    got.value = { name: 'smokey', age: 3 };
    await got.save();
    const found = await user.findData({ group: 'cats' });
    out('DATA', { created: created.document, got: got.document, found: found.map((item) => item.key) });
    user.stop();
  },

  // A device the server does not know, started to be paired: the SDK reads identity.isPairing and sends nothing.
  async pairing() {
    const device = EXP.start({ host: env.EXP_HOST, uuid: env.NEW_DEVICE, allowPairing: true });
    device.on('error', fail);
    const auth = await device.getAuth();
    out('PAIRING', auth.identity);
    const refused = await device.getDevice(env.NEW_DEVICE).then(() => 'sent', (error) => error.message);
    out('SDK_REFUSED', refused);
    const status = (await nativeFetch(env.EXP_HOST + '/api/devices',
      { headers: { Authorization: 'Bearer ' + auth.token } })).status;
    out('API_STATUS', status);
    device.stop();
  },

};

scenarios[process.argv[2]]().then(() => {
  out('DONE');
  process.exit(0);
}, fail);
