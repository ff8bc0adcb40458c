// Connection state recovery across replicas, and the heartbeat in both directions. The sockets reach the
// replicas through a relay (a load balancer without sticky sessions): re-pointed when a replica dies, frozen to
// silence a connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  urls, newUser, admin as loginAdmin, requestLoan, until, connect, connected, awaitEvent, events, relay,
} from '../lib/platform.mjs';

test('a replica killed mid-stream: the socket is recovered on another, nothing lost or doubled', async () => {
  const admin = await loginAdmin();
  const borrower = await newUser('sio-failover');
  const lb = relay(urls.replicaA());
  const socket = connect(await lb.start(), admin.token);
  try {
    await connected(socket);
    assert.equal(socket.recovered, false, 'a first connect is not a recovery');
    const loans = [await requestLoan(borrower, 10, 'before the crash 0')];
    await awaitEvent(socket, 'loan:new', (d) => d.loanId === loans[0]);
    loans.push(await requestLoan(borrower, 11, 'before the crash 1'));
    await awaitEvent(socket, 'loan:new', (d) => d.loanId === loans[1]);

    lb.pointTo(urls.replicaB());
    process.kill(Number(process.env.GATEWAY_A_PID), 'SIGKILL');
    for (let i = 0; i < 3; i++) {
      loans.push(await requestLoan(borrower, 20 + i, `while reconnecting ${i}`));
    }
    // the dead replica's archive partitions move after the consumers' session timeout; the recovery waits
    await connected(socket, 2, 90000);
    assert.equal(socket.connects[1].recovered, true, JSON.stringify(socket.connects));
    loans.push(await requestLoan(borrower, 30, 'after the recovery'));
    await until('every loan', () => loans.every((id) => events(socket, 'loan:new').some((e) => e.data.loanId === id)),
      60000);
    await new Promise((r) => setTimeout(r, 1000));
    const seen = events(socket, 'loan:new').map((e) => e.data.loanId).filter((id) => loans.includes(id));
    // each once; their order is the role:admin channel's, which is the router's, not the order of the REST calls
    // (the loans' domain events are keyed by loan id, so they come from different partitions)
    assert.deepEqual([...seen].sort(), [...loans].sort(), 'each loan once');
  } finally {
    socket.disconnect();
    lb.close();
  }
});

test('a client that stops answering pings is closed by the server, and recovers on its reconnect', async () => {
  const user = await newUser('sio-silent-client');
  const lb = relay(urls.replicaB());
  const socket = connect(await lb.start(), user.token);
  try {
    await connected(socket);
    lb.freeze('toServer');   // the client's pongs are lost; the server's pings and close still arrive
    await until('the server closing', () => socket.disconnects.length > 0, 20000);
    assert.equal(socket.disconnects[0].code, 4408, JSON.stringify(socket.disconnects));
    await connected(socket, 2, 20000);
    assert.equal(socket.recovered, true);
  } finally {
    socket.disconnect();
    lb.close();
  }
});

test('a server that stops pinging: the client gives up and reconnects', async () => {
  const user = await newUser('sio-silent-server');
  const lb = relay(urls.replicaB());
  const socket = connect(await lb.start(), user.token);
  try {
    await connected(socket);
    lb.freeze('toClient');
    await until('the client giving up', () => socket.disconnects.length > 0, 20000);
    assert.equal(socket.disconnects[0].reason, 'ping timeout');
    await connected(socket, 2, 20000);
    assert.equal(socket.recovered, true);
  } finally {
    socket.disconnect();
    lb.close();
  }
});
