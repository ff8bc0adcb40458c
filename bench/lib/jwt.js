'use strict';
// RS256 JWTs signed with the bench's private key (the gateway verifies them with the matching PEM public key, and
// requires their issuer and audience).
const crypto = require('crypto');

const b64url = (buf) => Buffer.from(buf).toString('base64url');

function signer(privateKeyPem, issuer, audience) {
  const key = crypto.createPrivateKey(privateKeyPem);
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  return (sub, groups = ['user'], ttlSeconds = 4 * 3600) => {
    const now = Math.floor(Date.now() / 1000);
    const payload = b64url(JSON.stringify({
      iss: issuer, aud: audience, sub, upn: sub, groups, iat: now, exp: now + ttlSeconds, jti: crypto.randomUUID(),
    }));
    const input = `${header}.${payload}`;
    return `${input}.${b64url(crypto.sign('RSA-SHA256', Buffer.from(input), key))}`;
  };
}

module.exports = { signer };
