/** Failures that end a request with an RFC 9457 problem+json answer. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  PROBLEM_CONTENT_TYPE,
  PROBLEMS,
  type Problem,
  type ProblemSlug,
  problemType,
} from '../../../schemas/problems.ts';
import { DigitisedRefusal, DomainRefusal } from '../../domain/refusal.ts';

export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export class HttpProblem extends Error {
  readonly slug: ProblemSlug;
  readonly status: number;
  readonly errors: readonly FieldError[] | undefined;
  readonly extensions: Record<string, unknown> | undefined;

  constructor(
    slug: ProblemSlug,
    detail?: string,
    options: { errors?: readonly FieldError[]; extensions?: Record<string, unknown> } = {},
  ) {
    super(detail ?? PROBLEMS[slug].title);
    this.name = 'HttpProblem';
    this.slug = slug;
    this.status = PROBLEMS[slug].status;
    this.errors = options.errors;
    this.extensions = options.extensions;
  }

  toProblem(instance?: string): Problem & Record<string, unknown> {
    return {
      type: problemType(this.slug),
      title: PROBLEMS[this.slug].title,
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: [...this.errors] } : {}),
      ...this.extensions,
    };
  }
}

export function problemResponse(problem: HttpProblem, instance?: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' },
    body: JSON.stringify(problem.toProblem(instance)),
  };
}

/** Any failure as the problem the caller sees; unknown errors are internal and say nothing more. */
export function asProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof DomainRefusal) return new HttpProblem(error.kind, error.message);
  if (error instanceof DigitisedRefusal) return new HttpProblem(error.kind, error.message);
  return new HttpProblem('internal', 'The request could not be completed');
}
