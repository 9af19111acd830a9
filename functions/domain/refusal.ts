/**
 * A domain rule refused the request. The domain knows nothing of HTTP; the handler
 * wrapper turns each kind into its problem type.
 */
export type RefusalKind = 'conflict' | 'forbidden' | 'not-found' | 'unprocessable';

export class DomainRefusal extends Error {
  readonly kind: RefusalKind;

  constructor(kind: RefusalKind, detail: string) {
    super(detail);
    this.name = 'DomainRefusal';
    this.kind = kind;
  }
}

/**
 * The record changed between its read and this write (another caller, or the follow-up of its
 * items): read it again and decide again.
 */
export class StaleWrite extends DomainRefusal {
  constructor(detail: string) {
    super('conflict', detail);
    this.name = 'StaleWrite';
  }
}

/** Why a scan of a dossier's document is refused: each is its own problem type. */
export type DigitisedRefusalKind =
  | 'dossier-cancelled'
  | 'document-not-on-slip'
  | 'too-many-digitised-documents'
  | 'digitised-document-not-uploaded'
  | 'digitised-document-too-large'
  | 'digitised-document-wrong-type'
  | 'digitised-document-hash-mismatch';

export class DigitisedRefusal extends Error {
  readonly kind: DigitisedRefusalKind;

  constructor(kind: DigitisedRefusalKind, detail: string) {
    super(detail);
    this.name = 'DigitisedRefusal';
    this.kind = kind;
  }
}
