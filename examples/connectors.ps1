# SYNTHETIC example connector script written for IIS SMTP Migration Assistant; not taken from any real server.
# It replaces an IIS 6 SMTP relay with a standalone Edge Transport server that relays onward to Exchange Online.
# Addresses use private and documentation ranges, names use the fabrikam.test domain.
# Two settings are deliberately risky so the editor has something to show:
#   1. the relay connector's RemoteIPRanges are far wider than the devices that relay, and
#   2. the send connector to Exchange Online does not require TLS.
# Open it with iisSmtp.connectors.targetRole = EdgeTransport (the default).

# Accepted domain the applications send as.
New-AcceptedDomain -Name 'Fabrikam' -DomainName fabrikam.test -DomainType Authoritative

# Relay connector for printers and line-of-business applications, on the internal NIC only.
$relay = @{
    Name                 = 'Device Relay'
    Custom               = $true
    Bindings             = '10.1.1.2:25'
    ProtocolLoggingLevel = 'Verbose'
    Banner               = '220 SMTP Server Ready'
}
# Risky on purpose: a whole /16 instead of the devices' addresses (hover the range, then use the quick fix).
$relay.RemoteIPRanges = '10.20.0.0/16', '10.30.4.17'
New-ReceiveConnector @relay -PermissionGroups AnonymousUsers -AuthMechanism Tls
Get-ReceiveConnector 'Device Relay' | Add-ADPermission -User 'NT AUTHORITY\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient

# Onward to Exchange Online through the tenant's MX host.
# Risky on purpose: no -RequireTLS, no TlsAuthLevel/TlsDomain, no certificate name (see the quick fixes).
New-SendConnector -Name 'To Exchange Online' -AddressSpaces * -SmartHosts fabrikam-test.mail.protection.outlook.com `
    -DNSRoutingEnabled $false -Fqdn mail.fabrikam.test -MaxMessageSize 35MB

# Ordinary PowerShell is left alone.
Get-ReceiveConnector | Format-Table Name, Bindings, RemoteIPRanges -AutoSize
