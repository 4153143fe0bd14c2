// The header of a synthetic Exchange SMTP receive protocol log (standard field order), for tests and benches.
export const EXCHANGE_RECEIVE_HEADER: readonly string[] = [
  '#Software: Microsoft Exchange Server',
  '#Version: 15.2.1748.10',
  '#Log-type: SMTP Receive Protocol Log',
  '#Date: 2026-11-20T08:00:00.000Z',
  '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context',
];
