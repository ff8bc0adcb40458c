export interface Page<T> { items: T[]; page: number; size: number; total: number }

export type KycState = 'submitted' | 'approved' | 'rejected';
export interface Kyc {
  id: string; userId: string; fullName: string; dateOfBirth: string; country: string;
  documents: { type: string; reference: string }[]; status: KycState; rejectionReason: string | null;
  decidedBy: string | null; submittedAt: string; decidedAt: string | null;
}

export type LoanState = 'requested' | 'approved' | 'rejected' | 'funded';
export interface Loan {
  id: string; userId: string; amount: number; asset: string; purpose: string;
  collateral: { asset: string; amount: number }; status: LoanState; rejectionReason: string | null;
  txHash: string | null; nftId: string | null; createdAt: string; updatedAt: string; decidedBy: string | null;
  borrowerKycStatus?: 'none' | KycState;
}

export interface Note {
  nftId: string; loanId: string; owner: string; status: 'held' | 'listed' | 'repaid'; price: number | null;
  asset: string; principal: number; outstanding: number; listedAt: string | null; updatedAt: string;
}
export interface Repayment {
  id: string; loanId: string; amount: number; creditedOwner: string; outstanding: number; recordedAt: string;
}

export interface StoredNotification {
  id: string; event: string; channel: string; pos?: string; timestamp: string; data: Record<string, unknown>;
  read: boolean;
}
