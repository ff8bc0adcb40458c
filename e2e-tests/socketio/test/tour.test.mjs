// Every seed event reaches exactly the Socket.IO sockets the native protocol would reach, once, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  urls, call, newUser, admin as loginAdmin, submitKyc, requestLoan, until, connect, connected, awaitEvent, events,
} from '../lib/platform.mjs';

test('every seed event reaches exactly the entitled sockets', async () => {
  const admin = await loginAdmin();
  const [alice, bob, carol, dave, eve] = await Promise.all(
    ['alice', 'bob', 'carol', 'dave', 'eve'].map((n) => newUser(`sio-${n}`)));
  const url = urls.gateway();
  const sockets = Object.fromEntries([['admin', admin], ['alice', alice], ['bob', bob], ['carol', carol],
    ['dave', dave], ['eve', eve]].map(([name, user]) => [name, connect(url, user.token)]));
  try {
    await Promise.all(Object.values(sockets).map((s) => connected(s)));
    for (const watcher of [sockets.bob, sockets.dave]) {
      assert.deepEqual(await watcher.timeout(10000).emitWithAck('subscribe', 'public:marketplace'),
        { ok: true, channel: 'public:marketplace' });
    }

    const aliceKyc = await submitKyc(alice);
    await call(urls.kyc(), 'POST', `/api/admin/kyc/${aliceKyc}/approve`, admin.token, undefined, 200);
    const carolKyc = await submitKyc(carol);
    await call(urls.kyc(), 'POST', `/api/admin/kyc/${carolKyc}/reject`, admin.token,
      { reason: 'Document unreadable' }, 200);
    assert.equal((await awaitEvent(sockets.alice, 'kyc:status')).data.status, 'approved');
    const carolStatus = await awaitEvent(sockets.carol, 'kyc:status');
    assert.equal(carolStatus.data.status, 'rejected');
    assert.equal(carolStatus.data.rejectionReason, 'Document unreadable');

    const loanId = await requestLoan(alice, 1500.5, 'Bridge financing');
    const loanNew = await awaitEvent(sockets.admin, 'loan:new', (d) => d.loanId === loanId);
    assert.equal(loanNew.data.userId, alice.id);
    assert.equal(loanNew.data.purpose, 'Bridge financing');
    assert.equal(loanNew.data.collateral.asset, 'ETH');
    await until('approval', async () => (await call(urls.loan(), 'POST', `/api/admin/loans/${loanId}/approve`,
      admin.token)).status === 200);
    assert.equal((await awaitEvent(sockets.alice, 'loan:status')).data.status, 'approved');
    const nftId = `nft-${randomUUID()}`;
    // one transfer funds one loan (loan-service refuses a txHash twice): a fresh one per run
    const txHash = `0x${randomBytes(32).toString('hex')}`;
    await call(urls.loan(), 'POST', `/api/admin/loans/${loanId}/fund`, admin.token, { txHash, nftId }, 200);
    const funded = await awaitEvent(sockets.alice, 'loan:funded');
    assert.equal(funded.data.nftId, nftId);
    assert.equal(funded.data.txHash, txHash);

    await until('the note', async () => (await call(urls.market(), 'GET', `/api/marketplace/notes/${nftId}`,
      admin.token)).status === 200);
    await call(urls.market(), 'POST', `/api/marketplace/notes/${nftId}/listing`, admin.token, { price: 1450 }, 200, 201);
    await call(urls.market(), 'POST', `/api/marketplace/notes/${nftId}/purchase`, bob.token, undefined, 200);
    await call(urls.market(), 'POST', `/api/marketplace/loans/${loanId}/repayments`, alice.token, { amount: 500 },
      200, 201);

    await until('the market feed', () => events(sockets.dave, 'marketplace:update').length >= 3
      && events(sockets.bob, 'marketplace:update').length >= 5
      && events(sockets.alice, 'marketplace:update').length >= 1);
    await new Promise((r) => setTimeout(r, 1500));   // anything misrouted or repeated would arrive by now

    const summary = (socket, filter = () => true) => socket.received.filter((e) => filter(e))
      .map((e) => `${e.event}/${e.data?.type ?? ''}`);
    const tourUsers = [alice.id, carol.id];
    assert.deepEqual(summary(sockets.admin, (e) => tourUsers.includes(e.data?.userId)
      || tourUsers.includes(e.data?.data?.userId)).sort(), ['admin:notification/kyc_submission',
      'admin:notification/kyc_submission', 'admin:notification/loan_request', 'loan:new/'].sort());
    assert.deepEqual(summary(sockets.alice), ['kyc:status/', 'loan:status/', 'loan:funded/',
      'marketplace:update/repayment']);
    assert.deepEqual(summary(sockets.carol), ['kyc:status/']);
    assert.deepEqual(summary(sockets.dave), ['marketplace:update/new_listing',
      'marketplace:update/ownership_transfer', 'marketplace:update/repayment']);
    // bob: the market feed and, as buyer then owner, his own channel: each change once per channel
    assert.deepEqual(summary(sockets.bob).sort(), ['marketplace:update/new_listing',
      'marketplace:update/ownership_transfer', 'marketplace:update/ownership_transfer',
      'marketplace:update/repayment', 'marketplace:update/repayment'].sort());
    assert.deepEqual(sockets.eve.received, []);
    for (const socket of Object.values(sockets)) {
      for (const e of socket.received) {
        assert.equal(typeof e.offset, 'string', 'every event carries its recovery offset as its last argument');
      }
    }
  } finally {
    Object.values(sockets).forEach((s) => s.disconnect());
  }
});
