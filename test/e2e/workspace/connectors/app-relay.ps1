# SYNTHETIC fixture for the end-to-end tests: an anonymous relay connector with a far too wide range.
# Never run this against a real server.
New-ReceiveConnector -Name "App Relay" -Usage Custom -Bindings 10.1.1.25:25 -RemoteIPRanges 10.0.0.0/8 -PermissionGroups AnonymousUsers

Get-ReceiveConnector "App Relay" | Add-ADPermission -User "NT AUTHORITY\ANONYMOUS LOGON" -ExtendedRights "ms-Exch-SMTP-Accept-Any-Recipient"

