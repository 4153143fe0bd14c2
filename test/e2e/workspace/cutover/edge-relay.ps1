# SYNTHETIC fixture for the end-to-end cut-over scenario: the Edge's migration relay connector.
# Never run this against a real server.
New-ReceiveConnector -Name 'Cutover relay' -Usage Custom -Bindings 192.168.10.30:25 `
  -RemoteIPRanges 192.168.10.11,192.168.10.70 `
  -PermissionGroups AnonymousUsers -ProtocolLoggingLevel Verbose

Get-ReceiveConnector 'Cutover relay' | Add-ADPermission -User 'NT AUTHORITY\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Any-Recipient'
