// The REST calls of the three services and the gateway's notification centre, by path (one origin).
import { api } from './http';
import type { Kyc, Loan, Note, Page, Repayment, StoredNotification } from './types';

const enc = encodeURIComponent;

export interface KycSubmission {
  fullName: string; dateOfBirth: string; country: string; documents: { type: string; reference: string }[];
}
type Amount = number | string | null;
export interface LoanApplication {
  amount: Amount; asset: string; purpose: string; collateral: { asset: string; amount: Amount };
}

export const kycApi = {
  /** The caller's latest submission, or null before the first. */
  current: async (): Promise<Kyc | null> => {
    try {
      return await api<Kyc>('/api/kyc');
    } catch (e) {
      if ((e as { status?: number }).status === 404) return null;
      throw e;
    }
  },
  submit: (body: KycSubmission) => api<Kyc>('/api/kyc', { body }),
  queue: (status = 'submitted', size = 20) => api<Page<Kyc>>(`/api/admin/kyc?status=${status}&size=${size}`),
  approve: (id: string) => api<Kyc>(`/api/admin/kyc/${enc(id)}/approve`, { method: 'POST' }),
  reject: (id: string, reason: string) => api<Kyc>(`/api/admin/kyc/${enc(id)}/reject`, { body: { reason } }),
};

export const loanApi = {
  mine: () => api<Loan[]>('/api/loans'),
  request: (body: LoanApplication) => api<Loan>('/api/loans', { body }),
  byStatus: (status: string, size = 20) => api<Page<Loan>>(`/api/admin/loans?status=${status}&size=${size}`),
  approve: (id: string) => api<Loan>(`/api/admin/loans/${enc(id)}/approve`, { method: 'POST' }),
  reject: (id: string, reason: string) => api<Loan>(`/api/admin/loans/${enc(id)}/reject`, { body: { reason } }),
  fund: (id: string, txHash: string, nftId: string) =>
    api<Loan>(`/api/admin/loans/${enc(id)}/fund`, { body: { txHash, nftId } }),
};

export const marketApi = {
  listings: (size = 50) => api<Page<Note>>(`/api/marketplace/listings?size=${size}`),
  myNotes: (size = 50) => api<Page<Note>>(`/api/marketplace/my-notes?size=${size}`),
  note: (nftId: string) => api<Note>(`/api/marketplace/notes/${enc(nftId)}`),
  list: (nftId: string, price: Amount) => api<Note>(`/api/marketplace/notes/${enc(nftId)}/listing`, { body: { price } }),
  withdraw: (nftId: string) => api<void>(`/api/marketplace/notes/${enc(nftId)}/listing`, { method: 'DELETE' }),
  buy: (nftId: string) => api<Note>(`/api/marketplace/notes/${enc(nftId)}/purchase`, { method: 'POST' }),
  repay: (loanId: string, amount: Amount) =>
    api<Repayment>(`/api/marketplace/loans/${enc(loanId)}/repayments`, { body: { amount } }),
};

export const notificationApi = {
  recent: (limit = 50, before?: string) =>
    api<{ items: StoredNotification[]; unread: number }>(
      `/api/notifications?limit=${limit}${before ? `&before=${enc(before)}` : ''}`),
  unreadCount: () => api<{ unread: number }>('/api/notifications/unread-count'),
  markRead: (ids: string[]) => api<void>('/api/notifications/read', { body: { ids } }),
  markAllRead: () => api<void>('/api/notifications/read', { body: { all: true } }),
  simulate: (message: string, severity: 'info' | 'warning' | 'critical') =>
    api<{ id: string }>('/api/admin/simulate', { body: { message, severity } }),
};
