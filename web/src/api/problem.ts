// RFC 9457 problem+json bodies, as every service answers errors.

export interface FieldError { field: string; message: string }
export interface Problem {
  type?: string; title?: string; status?: number; detail?: string; instance?: string; errors?: FieldError[];
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem | null, message: string) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field errors by field path (e.g. "collateral.amount"). */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem?.errors ?? []) out[e.field] = out[e.field] ? `${out[e.field]}; ${e.message}` : e.message;
    return out;
  }
}

export async function readProblem(res: Response): Promise<ApiError> {
  let problem: Problem | null = null;
  const type = res.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      problem = (await res.json()) as Problem;
    } catch {
      problem = null;
    }
  }
  const message = problem?.detail || problem?.title || `${res.status} ${res.statusText || 'request failed'}`;
  return new ApiError(res.status, problem, message);
}

