-- Neovim as a second, independent LSP client: loads the README's configuration (iis-smtp.lua beside this file),
-- opens an SMTP log, a metabase export and a connector script from the e2e workspace, and checks that
-- diagnostics, hovers and completions arrive from the standalone server.
-- Run by scripts/e2e-nvim.sh:  nvim --headless -u NONE -c 'luafile test/nvim/test.lua'
-- Environment: IIS_SMTP_SERVER (dist/server.js), IIS_SMTP_WORKSPACE (copy of test/e2e/workspace).
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local workspace = assert(vim.env.IIS_SMTP_WORKSPACE, 'IIS_SMTP_WORKSPACE not set')
local TIMEOUT = 20000

local passed, failed = 0, 0
local function report(name, ok, detail)
  if ok then
    passed = passed + 1
    io.stdout:write(('ok %d - %s\n'):format(passed + failed, name))
  else
    failed = failed + 1
    io.stdout:write(('not ok %d - %s\n  %s\n'):format(passed + failed, name, tostring(detail or ''):gsub('\n', '\n  ')))
  end
end

dofile(here .. '/iis-smtp.lua')

local function open(relative)
  vim.cmd('edit ' .. vim.fn.fnameescape(workspace .. '/' .. relative))
  return vim.api.nvim_get_current_buf()
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

-- Waits until the buffer has a diagnostic whose code matches; returns it, or nil and what arrived.
local function wait_for_diagnostic(bufnr, code_pattern)
  local found
  vim.wait(TIMEOUT, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if tostring(code_of(d) or ''):match(code_pattern) then
        found = d
        return true
      end
    end
    return false
  end, 50)
  if found then return found end
  local codes = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do table.insert(codes, tostring(code_of(d))) end
  return nil, 'diagnostic codes received: [' .. table.concat(codes, ', ') .. ']'
end

-- 0-based position of the first occurrence of `needle` (plain text), shifted by `offset` characters.
local function position_of(bufnr, needle, offset)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local at = line:find(needle, 1, true)
    if at then return { line = i - 1, character = at - 1 + (offset or 0) } end
  end
  error('not found: ' .. needle)
end

local function request(bufnr, method, position)
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = position }
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT)
  if not responses then return nil, err end
  for _, response in pairs(responses) do
    if response.result then return response.result end
    if response.err then return nil, vim.inspect(response.err) end
  end
  return nil, 'no result'
end

local function hover_text(bufnr, position)
  local result, err = request(bufnr, 'textDocument/hover', position)
  if not result then return '', err end
  local contents = result.contents
  if type(contents) == 'string' then return contents end
  if contents.value then return contents.value end
  local parts = {}
  for _, part in ipairs(contents) do table.insert(parts, type(part) == 'string' and part or part.value) end
  return table.concat(parts, '\n')
end

local function completion_labels(bufnr, position)
  local result, err = request(bufnr, 'textDocument/completion', position)
  if not result then return {}, err end
  local labels = {}
  for _, item in ipairs(result.items or result) do table.insert(labels, item.label) end
  return labels
end

local function has(list, value)
  for _, v in ipairs(list) do if v == value then return true end end
  return false
end

local function check(name, fn)
  local ok, err = pcall(fn)
  report(name, ok, err)
end

-- SMTP log: relay denial diagnostic, reply-code hover.
check('smtp log: diagnostics arrive (relay denial SMTPLOG020)', function()
  local bufnr = open('SMTPSVC1/ex261120.log')
  local d, seen = wait_for_diagnostic(bufnr, '^SMTPLOG020$')
  assert(d, seen)
  assert(d.lnum == position_of(bufnr, ' 550 ').line, 'SMTPLOG020 on line ' .. d.lnum)
end)
check('smtp log: hover on reply code 550', function()
  local bufnr = open('SMTPSVC1/ex261120.log')
  local text, err = hover_text(bufnr, position_of(bufnr, ' 550 ', 2))
  assert(text:find('550') and text:lower():find('relay'), 'hover: ' .. (err or text))
end)

-- Metabase: relay-list diagnostic, hover that decodes the RelayIpList blob.
check('metabase: diagnostics arrive (METABASE###)', function()
  local bufnr = open('MetaBase.xml')
  local d, seen = wait_for_diagnostic(bufnr, '^METABASE%d%d%d$')
  assert(d, seen)
end)
check('metabase: hover decodes RelayIpList', function()
  local bufnr = open('MetaBase.xml')
  local value = hover_text(bufnr, position_of(bufnr, 'RelayIpList="', #'RelayIpList="' + 4))
  local name = hover_text(bufnr, position_of(bufnr, 'RelayIpList="', 2))
  local text = value .. '\n' .. name
  assert(text:find('10.1.20.0', 1, true) and text:find('10.1.30.7', 1, true), 'hover: ' .. text)
end)

-- Connector script: insecure-setting diagnostic, -AuthMechanism completion and its values.
check('connector script: diagnostics arrive (CONNECTOR###)', function()
  local bufnr = open('connectors/app-relay.ps1')
  local d, seen = wait_for_diagnostic(bufnr, '^CONNECTOR%d%d%d$')
  assert(d, seen)
end)
check('connector script: completion of -AuthMechanism and its values', function()
  local bufnr = open('connectors/app-relay.ps1')
  local last = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, last, last, false, { 'New-ReceiveConnector -Auth' })
  local labels, err = completion_labels(bufnr, { line = last, character = #'New-ReceiveConnector -Auth' })
  assert(has(labels, '-AuthMechanism'), 'parameter completion: ' .. (err or table.concat(labels, ', ')))
  vim.api.nvim_buf_set_lines(bufnr, last, last + 1, false, { 'New-ReceiveConnector -AuthMechanism ' })
  labels, err = completion_labels(bufnr, { line = last, character = #'New-ReceiveConnector -AuthMechanism ' })
  assert(has(labels, 'Tls') and has(labels, 'BasicAuthRequireTLS'), 'value completion: ' .. (err or table.concat(labels, ', ')))
end)

io.stdout:write(('%d passed, %d failed\n'):format(passed, failed))
vim.lsp.stop_client(vim.lsp.get_active_clients())
if failed > 0 then vim.cmd('cquit 1') else vim.cmd('qall!') end
