// What a message's records prove. One definition for the CodeLens, the editor rules and the assessment.

interface MessageOutcome {
  dataStatus: number;
  dataLine: number;
}

/**
 * The server took the message: DATA answered 250, or a DATA record without a status (sc-status not
 * logged), which is counted as delivered but never as proof that a recipient was accepted.
 */
export function isDelivered(m: MessageOutcome): boolean {
  return m.dataStatus === 250 || (m.dataStatus === -1 && m.dataLine >= 0);
}

/** The recipients' replies were logged and the message went through: its accepted recipients are proven. */
export function recipientsConfirmed(m: MessageOutcome): boolean {
  return m.dataStatus === 250;
}
