/** Wrong tries on the item's current out-for-delivery trip. */
export interface ProofLock {
  readonly outForDeliveryFactId: string | null;
  readonly wrongTries: number;
  readonly lockedAt: string | null;
  /** The last unlock by a supervisor on this trip: who, when, why. */
  readonly unlocked?: { readonly by: string; readonly at: string; readonly note: string };
}
