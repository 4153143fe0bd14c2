// Real-shaped fixtures of the three languages for the attack suite, with snippets the edit fuzzer inserts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FuzzLanguage } from './editFuzz';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const read = (...p: string[]): string => readFileSync(join(FIXTURES, ...p), 'latin1');

export function fuzzLanguages(): FuzzLanguage[] {
  const log = read('logs', 'w3c-relay.log');
  const records = log.split('\r\n').filter((l) => l && !l.startsWith('#'));
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
