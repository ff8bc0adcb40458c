// The borrower's dashboard: KYC state and submission, loan request, own loans, all updated live.
import { useEffect, useState, type FormEvent } from 'react';
import { kycApi, loanApi } from '../api/endpoints';
import type { Loan } from '../api/types';
import { Field, ProblemAlert, SelectField } from '../components/Field';
import { formatMoney, formatTime, toAmount } from '../format/format';
import { useAction, useLoad } from '../hooks/useAction';
import { useLoanWebSocket, useResync } from '../hooks/useWebSocket';

export function Dashboard() {
  return (
    <main>
      <h1>Dashboard</h1>
      <div className="grid">
        <KycSection />
        <LoanRequestForm />
      </div>
      <MyLoans />
    </main>
  );
}

function KycSection() {
  const kyc = useLoad(() => kycApi.current());
  const { onKycStatus } = useLoanWebSocket();
  useResync(kyc.reload);
  useEffect(() => onKycStatus((d) => {
    kyc.setData((cur) => (cur ? { ...cur, status: d.status, rejectionReason: d.rejectionReason ?? null, decidedAt: d.timestamp } : cur));
    kyc.reload();
  }), [onKycStatus]); // eslint-disable-line react-hooks/exhaustive-deps

  const [form, setForm] = useState({ fullName: '', dateOfBirth: '', country: '', type: 'passport', reference: '' });
  const submit = useAction(async () => {
    await kycApi.submit({
      fullName: form.fullName, dateOfBirth: form.dateOfBirth || (null as unknown as string),
      country: form.country.trim().toUpperCase(), documents: [{ type: form.type, reference: form.reference }],
    });
    kyc.reload();
  });
  const f = submit.fieldErrors;
  const status = kyc.data === undefined ? 'loading' : kyc.data?.status ?? 'none';
  const canSubmit = status === 'none' || status === 'rejected';
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  return (
    <section aria-labelledby="kyc-heading" className="card">
      <h2 id="kyc-heading">KYC</h2>
      <p>Status: <strong className={`pill pill-${status}`} aria-label="KYC status">{status}</strong></p>
      {kyc.data?.rejectionReason && <p>Reason: {kyc.data.rejectionReason}</p>}
      {kyc.data?.submittedAt && <p className="hint">Submitted {formatTime(kyc.data.submittedAt)}</p>}
      {canSubmit && (
        <form onSubmit={(e: FormEvent) => { e.preventDefault(); void submit.run(); }} noValidate aria-label="KYC submission">
          <Field label="Full name" value={form.fullName} onChange={set('fullName')} error={f.fullName} autoComplete="name" />
          <Field label="Date of birth" type="date" value={form.dateOfBirth} onChange={set('dateOfBirth')} error={f.dateOfBirth} />
          <Field label="Country" value={form.country} onChange={set('country')} error={f.country} placeholder="DE" maxLength={2} />
          <SelectField label="Document type" value={form.type} onChange={set('type')} error={f['documents[0].type']}>
            <option value="passport">Passport</option>
            <option value="id_card">ID card</option>
            <option value="driving_licence">Driving licence</option>
            <option value="proof_of_address">Proof of address</option>
          </SelectField>
          <Field label="Document reference" value={form.reference} onChange={set('reference')} error={f['documents[0].reference']} />
          <ProblemAlert error={submit.error} shown={['fullName', 'dateOfBirth', 'country', 'documents[0].type', 'documents[0].reference']} />
          <button type="submit" disabled={submit.pending}>Submit KYC</button>
        </form>
      )}
    </section>
  );
}

const ASSETS = ['USDC', 'USDT', 'DAI'];
const COLLATERAL = ['ETH', 'WBTC', 'SOL'];

function LoanRequestForm() {
  const [form, setForm] = useState({ amount: '', asset: 'USDC', purpose: '', collateralAsset: 'ETH', collateralAmount: '' });
  const [done, setDone] = useState<string | null>(null);
  const request = useAction(async () => {
    setDone(null);
    const loan = await loanApi.request({
      amount: toAmount(form.amount), asset: form.asset, purpose: form.purpose,
      collateral: { asset: form.collateralAsset, amount: toAmount(form.collateralAmount) },
    });
    setDone(`Loan of ${formatMoney(loan.amount, loan.asset)} requested.`);
    setForm({ ...form, amount: '', purpose: '', collateralAmount: '' });
    window.dispatchEvent(new Event('orbitlend:loans-changed'));
  });
  const f = request.fieldErrors;
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  return (
    <section aria-labelledby="loan-heading" className="card">
      <h2 id="loan-heading">Request a loan</h2>
      <form onSubmit={(e: FormEvent) => { e.preventDefault(); void request.run(); }} noValidate aria-label="Loan request">
        <Field label="Amount" inputMode="decimal" value={form.amount} onChange={set('amount')} error={f.amount} />
        <SelectField label="Asset" value={form.asset} onChange={set('asset')} error={f.asset}>
          {ASSETS.map((a) => <option key={a}>{a}</option>)}
        </SelectField>
        <Field label="Purpose" value={form.purpose} onChange={set('purpose')} error={f.purpose} maxLength={500} />
        <SelectField label="Collateral asset" value={form.collateralAsset} onChange={set('collateralAsset')} error={f['collateral.asset']}>
          {COLLATERAL.map((a) => <option key={a}>{a}</option>)}
        </SelectField>
        <Field label="Collateral amount" inputMode="decimal" value={form.collateralAmount} onChange={set('collateralAmount')}
          error={f['collateral.amount']} />
        <ProblemAlert error={request.error} shown={['amount', 'asset', 'purpose', 'collateral.asset', 'collateral.amount']} />
        {done && <p role="status" aria-label="Loan request result">{done}</p>}
        <button type="submit" disabled={request.pending}>Request loan</button>
      </form>
    </section>
  );
}

function MyLoans() {
  const loans = useLoad(() => loanApi.mine());
  const { onLoanStatus, onLoanFunded } = useLoanWebSocket();
  useResync(loans.reload);
  useEffect(() => {
    const changed = () => loans.reload();
    window.addEventListener('orbitlend:loans-changed', changed);
    return () => window.removeEventListener('orbitlend:loans-changed', changed);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    const patch = (id: string, change: Partial<Loan>) =>
      loans.setData((cur) => cur?.map((l) => (l.id === id ? { ...l, ...change } : l)));
    const offStatus = onLoanStatus((d) => {
      patch(d.loanId, { status: d.status, rejectionReason: d.rejectionReason ?? null, updatedAt: d.timestamp });
      loans.reload();
    });
    const offFunded = onLoanFunded((d) => {
      patch(d.loanId, { status: 'funded', txHash: d.txHash, nftId: d.nftId, updatedAt: d.timestamp });
      loans.reload();
    });
    return () => { offStatus(); offFunded(); };
  }, [onLoanStatus, onLoanFunded]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <section aria-labelledby="loans-heading" className="card">
      <h2 id="loans-heading">My loans</h2>
      {loans.error ? <ProblemAlert error={loans.error} /> : null}
      {loans.data && loans.data.length === 0 && <p className="hint">No loans yet.</p>}
      {loans.data && loans.data.length > 0 && (
        <table aria-label="My loans">
          <thead>
            <tr><th scope="col">Requested</th><th scope="col">Amount</th><th scope="col">Collateral</th>
              <th scope="col">Purpose</th><th scope="col">Status</th><th scope="col">Details</th></tr>
          </thead>
          <tbody>
            {loans.data.map((l) => (
              <tr key={l.id} data-loan-id={l.id}>
                <td><time dateTime={l.createdAt}>{formatTime(l.createdAt)}</time></td>
                <td>{formatMoney(l.amount, l.asset)}</td>
                <td>{formatMoney(l.collateral.amount, l.collateral.asset)}</td>
                <td>{l.purpose}</td>
                <td><span className={`pill pill-${l.status}`}>{l.status}</span></td>
                <td>
                  {l.rejectionReason && <>Reason: {l.rejectionReason}</>}
                  {l.nftId && <>Note {l.nftId}</>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
