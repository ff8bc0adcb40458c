// Marketplace: listings updating live (public:marketplace), buy, my notes (list / withdraw), and repayments of
// the borrower's funded loans.
import { useEffect, useState } from 'react';
import { loanApi, marketApi } from '../api/endpoints';
import type { Loan, Note } from '../api/types';
import { session } from '../auth/session';
import { ProblemAlert } from '../components/Field';
import { formatMoney, formatTime, toAmount } from '../format/format';
import { useAction, useLoad } from '../hooks/useAction';
import { useMarketplaceWebSocket, useResync } from '../hooks/useWebSocket';

export function Marketplace() {
  const listings = useLoad(() => marketApi.listings(50));
  const mine = useLoad(() => marketApi.myNotes(50));
  const isAdmin = session.isAdmin;
  const loans = useLoad(() => (isAdmin ? Promise.resolve([] as Loan[]) : loanApi.mine()));
  const [lastUpdate, setLastUpdate] = useState<string | null>(null);
  const { onMarketplaceUpdate } = useMarketplaceWebSocket();
  const reloadAll = () => { listings.reload(); mine.reload(); loans.reload(); };
  useResync(reloadAll);
  useEffect(() => onMarketplaceUpdate((d) => {
    setLastUpdate(d.timestamp);
    listings.reload();
    mine.reload();
    if (d.type === 'repayment') loans.reload();
  }), [onMarketplaceUpdate]); // eslint-disable-line react-hooks/exhaustive-deps

  const me = session.user;
  return (
    <main>
      <h1>Marketplace</h1>
      <section className="card" aria-labelledby="listings-heading">
        <h2 id="listings-heading">Listings</h2>
        {lastUpdate && <p className="hint">Updated live at <time dateTime={lastUpdate}>{formatTime(lastUpdate)}</time></p>}
        {listings.error ? <ProblemAlert error={listings.error} /> : null}
        {listings.data?.items.length === 0 && <p className="hint">No notes for sale.</p>}
        {!!listings.data?.items.length && (
          <table aria-label="Listings">
            <thead><tr><th scope="col">Note</th><th scope="col">Price</th><th scope="col">Outstanding</th>
              <th scope="col">Listed</th><th scope="col"><span className="sr-only">Action</span></th></tr></thead>
            <tbody>
              {listings.data.items.map((n) => (
                <Listing key={n.nftId} note={n} own={n.owner === me?.id || (isAdmin && n.owner === 'treasury')}
                  onBought={reloadAll} />
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-labelledby="mynotes-heading">
        <h2 id="mynotes-heading">My notes</h2>
        {mine.data?.items.length === 0 && <p className="hint">You own no loan notes.</p>}
        {!!mine.data?.items.length && (
          <ul className="queue" aria-label="My notes">
            {mine.data.items.map((n) => <MyNote key={n.nftId} note={n} reload={reloadAll} />)}
          </ul>
        )}
      </section>
      {!isAdmin && (
        <section className="card" aria-labelledby="repay-heading">
          <h2 id="repay-heading">My funded loans</h2>
          {loans.data && loans.data.filter((l) => l.status === 'funded').length === 0 && <p className="hint">No funded loans to repay.</p>}
          <ul className="queue" aria-label="My funded loans">
            {loans.data?.filter((l) => l.status === 'funded').map((l) => <RepayLoan key={l.id} loan={l} />)}
          </ul>
        </section>
      )}
    </main>
  );
}

function Listing({ note, own, onBought }: { note: Note; own: boolean; onBought(): void }) {
  const buy = useAction(async () => { await marketApi.buy(note.nftId); onBought(); });
  return (
    <tr data-nft-id={note.nftId}>
      <td>{note.nftId}</td>
      <td>{formatMoney(note.price, note.asset)}</td>
      <td>{formatMoney(note.outstanding, note.asset)}</td>
      <td><time dateTime={note.listedAt ?? undefined}>{formatTime(note.listedAt)}</time></td>
      <td>
        {own ? <span className="hint">your listing</span>
          : <button type="button" onClick={() => void buy.run()} disabled={buy.pending} aria-describedby={`buy-${note.nftId}`}>Buy</button>}
        <span id={`buy-${note.nftId}`} className="sr-only">note {note.nftId}</span>
        <ProblemAlert error={buy.error} />
      </td>
    </tr>
  );
}

function MyNote({ note, reload }: { note: Note; reload(): void }) {
  const [price, setPrice] = useState(String(note.outstanding));
  const list = useAction(async () => { await marketApi.list(note.nftId, toAmount(price)); reload(); });
  const withdraw = useAction(async () => { await marketApi.withdraw(note.nftId); reload(); });
  return (
    <li data-nft-id={note.nftId}>
      <div>Note <strong>{note.nftId}</strong> <span className={`pill pill-${note.status}`}>{note.status}</span>
        {' '}outstanding {formatMoney(note.outstanding, note.asset)}{note.price !== null && <> — listed at {formatMoney(note.price, note.asset)}</>}</div>
      {note.status === 'held' && (
        <div className="actions">
          <label className="inline"><span>Price</span>
            <input aria-label="Price" value={price} onChange={(e) => setPrice(e.target.value)} /></label>
          <button type="button" onClick={() => void list.run()} disabled={list.pending}>List note</button>
        </div>
      )}
      {note.status === 'listed' && (
        <button type="button" onClick={() => void withdraw.run()} disabled={withdraw.pending}>Withdraw listing</button>
      )}
      <ProblemAlert error={list.error ?? withdraw.error} />
    </li>
  );
}

function RepayLoan({ loan }: { loan: Loan }) {
  const note = useLoad(() => (loan.nftId ? marketApi.note(loan.nftId) : Promise.resolve(null)));
  const { onMarketplaceUpdate } = useMarketplaceWebSocket();
  useEffect(() => onMarketplaceUpdate((d) => { if (d.loanId === loan.id) note.reload(); }),
    [onMarketplaceUpdate, loan.id]); // eslint-disable-line react-hooks/exhaustive-deps
  const [amount, setAmount] = useState('');
  const [receipt, setReceipt] = useState<string | null>(null);
  const repay = useAction(async () => {
    const r = await marketApi.repay(loan.id, toAmount(amount));
    setReceipt(`Repaid ${formatMoney(r.amount, loan.asset)}; outstanding ${formatMoney(r.outstanding, loan.asset)}.`);
    setAmount('');
    note.reload();
  });
  const repaid = note.data?.status === 'repaid';
  return (
    <li data-loan-id={loan.id}>
      <div>Loan {formatMoney(loan.amount, loan.asset)} — {loan.purpose}; outstanding{' '}
        <strong aria-label="Outstanding">{formatMoney(note.data?.outstanding, loan.asset)}</strong>
        {repaid && <span className="pill pill-repaid"> repaid</span>}</div>
      {!repaid && (
        <div className="actions">
          <label className="inline"><span>Repayment amount</span>
            <input aria-label="Repayment amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} /></label>
          <button type="button" onClick={() => void repay.run()} disabled={repay.pending}>Repay</button>
        </div>
      )}
      {receipt && <p>{receipt}</p>}
      <ProblemAlert error={repay.error ?? note.error} />
    </li>
  );
}
