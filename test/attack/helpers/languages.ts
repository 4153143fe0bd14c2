// Real-shaped fixtures of the three languages for the attack suite, with snippets the edit fuzzer inserts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FuzzLanguage } from './editFuzz';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const read = (...p: string[]): string => readFileSync(join(FIXTURES, ...p), 'latin1');

export function fuzzLanguages(): FuzzLanguage[] {
  const log = read('logs', 'w3c-relay.log');
  const records = log.split('\r\n').filter((l) => l && !l.startsWith('#'));
  const receive = read('exchangeLog', 'edge', 'ProtocolLog', 'SmtpReceive', 'RECV2026112008-1.LOG');
  const send = read('exchangeLog', 'edge', 'ProtocolLog', 'SmtpSend', 'SEND2026112008-1.LOG');
  const lines = (text: string, count: number): string[] =>
    text
      .split('\r\n')
      .filter((l) => l && !l.startsWith('#'))
      .slice(0, count)
      .map((l) => `${l}\r\n`);
  return [
    {
      languageId: 'iis-smtp-log',
      name: 'ex261102.log',
      text: log,
      pieces: [
        ...records.slice(0, 12).map((l) => `${l}\r\n`),
        '#Fields: date time c-ip cs-username cs-method cs-uri-query sc-status\r\n',
        '#Fields: time c-ip cs-method cs-uri-query sc-status sc-win32-status\n',
        '#Date: 2026-11-03 00:00:00\r\n',
        '#Software: Microsoft Internet Information Services 6.0\r\n',
        '2026-11-02 07:00:09 10.1.20.99 x SMTPSVC1 RELAY01 10.1.0.5 0 RCPT - +TO:<a@fabrikam.example> 550 0 0 0 0 SMTP - - - -\r\n',
        '2026-11-02 07:00:09 fe80::1%eth0 x SMTPSVC1 RELAY01 10.1.0.5 0 QUIT - - 240 0 0 0 0 SMTP - - - -\n',
        ' ', '+', '-', '250', 'EHLO', 'QUIT', '\t', '#',
      ],
    },
    {
      // Sessions interleave and are grouped by session-id: pieces re-use the fixture's ids, so an edit joins,
      // splits, closes or reopens sessions elsewhere in the file.
      languageId: 'exchange-protocol-log',
      name: 'RECV2026112008-1.LOG',
      text: receive,
      pieces: [
        ...lines(receive, 30),
        ...lines(send, 6),
        '#Fields: date-time,session-id,sequence-number,event,data\r\n',
        '#Log-type: SMTP Send Protocol Log\r\n',
        '2026-11-20T08:05:00.000Z,EDGE01\\App relay,08DF3B4470A1000B,99,10.0.0.30:25,10.20.5.11:50100,-,,Local\r\n',
        '2026-11-20T08:05:00.000Z,EDGE01\\App relay,08df3b4470a10002,1,10.0.0.30:25,10.20.5.40:50101,>,"550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain",\r\n',
        ',', '"', '""', '-', '+', '*', '<', '>', '0', 'Z',
      ],
    },
    {
      languageId: 'iis-metabase',
      name: 'MetaBase.xml',
      text: read('assessment', 'MetaBase.xml'),
      pieces: [
        '<IIsSmtpServer\tLocation ="/LM/SmtpSvc/2"\r\n\t\tServerBindings="10.1.1.26:25:"\r\n\t>\r\n</IIsSmtpServer>\r\n',
        '\t\tRelayIpList="18000080200000803c00008044000080010000004c00000000000000000000000100000001000000020000000200000004000000000000004c00008000000000000000000000000000000000ffffffff7f000001"\r\n',
        '\t\tAuthFlags="AuthAnonymous | AuthBasic"\r\n',
        '\t\tSmartHost="[192.0.2.81]"\r\n',
        '\t\tServerBindings="10.1.1.25:25:\r\n\t\t\t10.1.1.27:25:"\r\n',
        '<Custom Name="x" ID="36907" Value="1" Type="DWORD" UserType="IIS_MD_UT_SERVER" Attributes="INHERIT"/>\r\n',
        '"', '<', '>', '/>', '=', '</IIsSmtpServer>', '<!-- ', ' -->', '&amp;', '<![CDATA[',
      ],
    },
    {
      languageId: 'powershell',
      name: 'connectors.ps1',
      text: read('connectors', 'relay-synthetic.ps1'),
      pieces: [
        "New-ReceiveConnector -Name 'App relay' -Usage Custom -Bindings 0.0.0.0:25 -RemoteIPRanges 10.1.40.21,10.1.40.0/24 -PermissionGroups AnonymousUsers\r\n",
        "Set-ReceiveConnector 'App relay' -AuthMechanism None\n",
        "New-SendConnector -Name Out -AddressSpaces * -SmartHosts '[192.0.2.80]' -DNSRoutingEnabled $false\r\n",
        '$p = @{ Name = "x"; RemoteIPRanges = "::1" }\r\n',
        ' `\r\n', ' -', "'", '"', '@{', '}', '|', ';', ',', '$', '#', '<#', '#>', '(', ')',
      ],
    },
  ];
}
