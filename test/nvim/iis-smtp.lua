-- IIS SMTP Migration Assistant language server in Neovim 0.7 or later, without plugins.
-- Put this in your init.lua and set the path of the extension's dist/server.js (needs Node.js 20 or later).
local server = vim.env.IIS_SMTP_SERVER or vim.fn.expand('~/iis-smtp-migration-assistant/dist/server.js')

local languages = {} -- buffer number -> LSP language id
local client_id

local function attach(bufnr, language)
  languages[bufnr] = language
  client_id = client_id or vim.lsp.start_client({
    name = 'iis-smtp',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.getcwd(),
    get_language_id = function(b, filetype) return languages[b] or filetype end,
  })
  vim.lsp.buf_attach_client(bufnr, client_id)
end

local group = vim.api.nvim_create_augroup('iis_smtp', { clear = true })
vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
  group = group,
  pattern = { '*.log', '*.xml', '*.ps1', '*.psm1' },
  callback = function(args)
    local name = vim.fn.fnamemodify(args.file, ':t'):lower()
    local first = (vim.api.nvim_buf_get_lines(args.buf, 0, 1, false)[1] or ''):gsub('^\239\187\191', '')
    if name:match('%.ps[m]?1$') then
      attach(args.buf, 'powershell')
    elseif name == 'metabase.xml' then
      attach(args.buf, 'iis-metabase')
    elseif first:find('^#Software: Microsoft Internet Information Services') then
      attach(args.buf, 'iis-smtp-log')
    end
  end,
})
