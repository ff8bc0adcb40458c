// Admin Overview: live feed (loan:new, admin:notification) with an unread counter, live stats, and the admin
// actions on KYC submissions, loans and the treasury's notes.
import { useCallback, useEffect, useState } from 'react';
import { kycApi, loanApi, marketApi } from '../../api/endpoints';
import type { Kyc, Loan, Note } from '../../api/types';
import { ProblemAlert } from '../../components/Field';
import { describeEvent, formatMoney, formatTime, toAmount } from '../../format/format';
import { useAction, useLoad } from '../../hooks/useAction';
import { useNotifications } from '../../hooks/useNotifications';
import { useAdminWebSocket, useMarketplaceWebSocket, useResync } from '../../hooks/useWebSocket';

interface Stats { awaiting: number; kycQueue: number; fundedToday: number; listed: number }

function startOfToday(): number {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

async function loadOverview() {
  const [requested, approved, kyc, funded, listings, treasury] = await Promise.all([
    loanApi.byStatus('requested', 50), loanApi.byStatus('approved', 50), kycApi.queue('submitted', 50),
    loanApi.byStatus('funded', 100), marketApi.listings(1), marketApi.myNotes(50),
  ]);
  const today = startOfToday();
  const stats: Stats = {
    awaiting: requested.total,
    kycQueue: kyc.total,
    // funded loans are listed newest first; the first 100 cover any realistic day of this desk
    fundedToday: funded.items.filter((l) => Date.parse(l.updatedAt) >= today).length,
    listed: listings.total,
  };
  return { stats, requested: requested.items, approved: approved.items, kyc: kyc.items, treasury: treasury.items };
}

export function AdminOverview() {
  const overview = useLoad(loadOverview);
  const { onLoanRequest, onAdminNotification } = useAdminWebSocket();
  const { onMarketplaceUpdate } = useMarketplaceWebSocket();
  const reload = overview.reload;
  useResync(reload);
  useEffect(() => {
    const a = onLoanRequest(() => reload());
    const b = onAdminNotification((d) => { if (d.type !== 'loan_request') reload(); });
    const c = onMarketplaceUpdate(() => reload());
    // decisions by other admins are not pushed to role:admin: refresh the queues now and then
    const timer = setInterval(reload, 30_000);
    return () => { a(); b(); c(); clearInterval(timer); };
  }, [onLoanRequest, onAdminNotification, onMarketplaceUpdate, reload]);

  const s = overview.data?.stats;
  return (
    <main>
      <h1>Admin Overview</h1>
      <dl className="stats">
        <Stat label="Loans awaiting decision" value={s?.awaiting} />
        <Stat label="KYC queue" value={s?.kycQueue} />
        <Stat label="Funded today" value={s?.fundedToday} />
        <Stat label="Notes listed" value={s?.listed} />
      </dl>
      {overview.error ? <ProblemAlert error={overview.error} /> : null}
      <div className="grid">
        <LiveFeed />
        <div>
          <KycQueue items={overview.data?.kyc ?? []} reload={reload} />
          <LoanQueue requested={overview.data?.requested ?? []} approved={overview.data?.approved ?? []} reload={reload} />
          <TreasuryNotes notes={overview.data?.treasury ?? []} reload={reload} />
        </div>
      </div>
    </main>
  );
}

function Stat({ label, value }: { label: string; value: number | undefined }) {
  const id = `stat-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className="stat">
      <dt id={id}>{label}</dt>
      <dd aria-labelledby={id} aria-label={label}>{value ?? '…'}</dd>
    </div>
  );
}

function LiveFeed() {
  const { items, unread, markAllRead, markRead, historyAvailable } = useNotifications();
  const feed = items.filter((n) => n.channel === 'role:admin');
  return (
    <section className="card" aria-labelledby="feed-heading">
      <div className="row">
        <h2 id="feed-heading">Live feed</h2>
        <span className="counter">Unread <strong aria-label="Unread">{unread}</strong></span>
        <button type="button" onClick={() => void markAllRead()} disabled={unread === 0}>Mark all read</button>
      </div>
      {!historyAvailable && <p className="hint">Notification history unavailable: live events of this tab only.</p>}
      <ul className="feed" aria-label="Live feed">
        {feed.map((n) => (
          <li key={n.id} className={n.read ? 'read' : 'unread'}>
            <span>{describeEvent(n.event, n.data)}</span>
            <time dateTime={n.timestamp}>{formatTime(n.timestamp)}</time>
            {!n.read && <button type="button" className="link" onClick={() => void markRead([n.id])}>Mark read</button>}
          </li>
        ))}
        {feed.length === 0 && <li className="hint">No notifications yet.</li>}
      </ul>
    </section>
  );
}

function InlineField({ label, value, onChange, placeholder }: {
  label: string; value: string; onChange(v: string): void; placeholder?: string;
}) {
  return (
    <label className="inline">
      <span>{label}</span>
      <input aria-label={label} value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

function KycQueue({ items, reload }: { items: Kyc[]; reload(): void }) {
  return (
    <section className="card" aria-labelledby="kycq-heading">
      <h2 id="kycq-heading">KYC submissions</h2>
      {items.length === 0 ? <p className="hint">Queue empty.</p> : (
        <ul className="queue" aria-label="KYC submissions">
          {items.map((k) => <KycItem key={k.id} kyc={k} reload={reload} />)}
        </ul>
      )}
    </section>
  );
}

function KycItem({ kyc, reload }: { kyc: Kyc; reload(): void }) {
  const [reason, setReason] = useState('');
  const approve = useAction(async () => { await kycApi.approve(kyc.id); reload(); });
  const reject = useAction(async () => { await kycApi.reject(kyc.id, reason); reload(); });
  return (
    <li data-kyc-id={kyc.id} data-user-id={kyc.userId}>
      <div><strong>{kyc.fullName}</strong> ({kyc.country}), born {kyc.dateOfBirth} — {kyc.documents.map((d) => d.type).join(', ')}
        <span className="hint"> submitted <time dateTime={kyc.submittedAt}>{formatTime(kyc.submittedAt)}</time></span></div>
      <div className="actions">
        <button type="button" onClick={() => void approve.run()} disabled={approve.pending}>Approve KYC</button>
        <InlineField label="Reason" value={reason} onChange={setReason} />
        <button type="button" onClick={() => void reject.run()} disabled={reject.pending}>Reject KYC</button>
      </div>
      <ProblemAlert error={approve.error ?? reject.error} />
    </li>
  );
}

function LoanQueue({ requested, approved, reload }: { requested: Loan[]; approved: Loan[]; reload(): void }) {
  return (
    <section className="card" aria-labelledby="loanq-heading">
      <h2 id="loanq-heading">Loans</h2>
      {requested.length + approved.length === 0 ? <p className="hint">Nothing to decide or fund.</p> : (
        <ul className="queue" aria-label="Loans">
          {requested.map((l) => <RequestedLoan key={l.id} loan={l} reload={reload} />)}
          {approved.map((l) => <ApprovedLoan key={l.id} loan={l} reload={reload} />)}
        </ul>
      )}
    </section>
  );
}

function LoanSummary({ loan }: { loan: Loan }) {
  return (
    <div>
      <strong>{formatMoney(loan.amount, loan.asset)}</strong> against {formatMoney(loan.collateral.amount, loan.collateral.asset)}
      {' — '}{loan.purpose} <span className={`pill pill-${loan.status}`}>{loan.status}</span>
      {loan.borrowerKycStatus && <span className="hint"> borrower KYC: {loan.borrowerKycStatus}</span>}
      <span className="hint"> <time dateTime={loan.createdAt}>{formatTime(loan.createdAt)}</time></span>
    </div>
  );
}

function RequestedLoan({ loan, reload }: { loan: Loan; reload(): void }) {
  const [reason, setReason] = useState('');
  const approve = useAction(async () => { await loanApi.approve(loan.id); reload(); });
  const reject = useAction(async () => { await loanApi.reject(loan.id, reason); reload(); });
  return (
    <li data-loan-id={loan.id}>
      <LoanSummary loan={loan} />
      <div className="actions">
        <button type="button" onClick={() => void approve.run()} disabled={approve.pending}>Approve loan</button>
        <InlineField label="Reason" value={reason} onChange={setReason} />
        <button type="button" onClick={() => void reject.run()} disabled={reject.pending}>Reject loan</button>
      </div>
      <ProblemAlert error={approve.error ?? reject.error} />
    </li>
  );
}

function randomTxHash(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `0x${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function ApprovedLoan({ loan, reload }: { loan: Loan; reload(): void }) {
  const [txHash, setTxHash] = useState('');
  const [nftId, setNftId] = useState(`nft-${loan.id}`);
  const fund = useAction(async () => { await loanApi.fund(loan.id, txHash.trim(), nftId); reload(); });
  const fillDemo = useCallback(() => setTxHash(randomTxHash()), []);
  return (
    <li data-loan-id={loan.id}>
      <LoanSummary loan={loan} />
      <div className="actions">
        <InlineField label="Transaction hash" value={txHash} onChange={setTxHash} placeholder="0x…" />
        <button type="button" className="link" onClick={fillDemo}>Demo hash</button>
        <InlineField label="NFT id" value={nftId} onChange={setNftId} />
        <button type="button" onClick={() => void fund.run()} disabled={fund.pending}>Fund loan</button>
      </div>
      <ProblemAlert error={fund.error} />
    </li>
  );
}

function TreasuryNotes({ notes, reload }: { notes: Note[]; reload(): void }) {
  const held = notes.filter((n) => n.status === 'held');
  return (
    <section className="card" aria-labelledby="treasury-heading">
      <h2 id="treasury-heading">Treasury notes</h2>
      {held.length === 0 ? <p className="hint">No unlisted notes.</p> : (
        <ul className="queue" aria-label="Treasury notes">
          {held.map((n) => <TreasuryNote key={n.nftId} note={n} reload={reload} />)}
        </ul>
      )}
    </section>
  );
}

function TreasuryNote({ note, reload }: { note: Note; reload(): void }) {
  const [price, setPrice] = useState(String(note.outstanding));
  const list = useAction(async () => { await marketApi.list(note.nftId, toAmount(price)); reload(); });
  return (
    <li data-nft-id={note.nftId}>
      <div>Note <strong>{note.nftId}</strong> — outstanding {formatMoney(note.outstanding, note.asset)}</div>
      <div className="actions">
        <InlineField label="Price" value={price} onChange={setPrice} />
        <button type="button" onClick={() => void list.run()} disabled={list.pending}>List note</button>
      </div>
      <ProblemAlert error={list.error} />
    </li>
  );
}
