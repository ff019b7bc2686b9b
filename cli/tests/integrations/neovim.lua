-- Driven by neovim.rs: Neovim's own LSP client (vim.lsp.start_client, Neovim 0.7) runs
-- `hmopt server` on a .nix file; what it received is written as JSON to $HMOPT_RESULT.
local result = {}

local function run()
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("HMOPT_NIX_FILE")))
  local bufnr = vim.api.nvim_get_current_buf()
  local published = {}
  local client_id = vim.lsp.start_client({
    name = "hmopt",
    cmd = { os.getenv("HMOPT_BIN"), "server" },
    root_dir = vim.fn.fnamemodify(os.getenv("HMOPT_NIX_FILE"), ":h"),
    handlers = {
      ["textDocument/publishDiagnostics"] = function(err, params, ctx, config)
        table.insert(published, params)
        vim.lsp.diagnostic.on_publish_diagnostics(err, params, ctx, config)
      end,
    },
  })
  assert(client_id, "the client did not start")
  vim.lsp.buf_attach_client(bufnr, client_id)
  assert(vim.wait(20000, function() return #published > 0 end, 20), "no diagnostics within 20 s")
  result.published = published[1]
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, {
      lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity,
      message = d.message, code = d.code, source = d.source,
    })
  end
  local client = vim.lsp.get_client_by_id(client_id)
  result.hover_provider = client.server_capabilities and client.server_capabilities.hoverProvider

  local uri = vim.uri_from_bufnr(bufnr)
  local first = result.published.diagnostics[1]
  local hover = vim.lsp.buf_request_sync(bufnr, "textDocument/hover",
    { textDocument = { uri = uri }, position = first.range.start }, 10000)
  result.hover = hover and hover[client_id] and hover[client_id].result

  local actions = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", {
    textDocument = { uri = uri },
    range = first.range,
    context = { diagnostics = { first }, only = { "quickfix" } },
  }, 10000)
  local action = actions[client_id].result[1]
  result.action_title = action.title
  -- Apply the fix as Neovim does: the buffer changes, the server gets didChange and answers.
  local n_published = #published
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  assert(vim.wait(20000, function() return #published > n_published end, 20), "no diagnostics after the fix")
  result.after_fix = published[#published]
  result.lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)

  vim.lsp.stop_client(client_id)
  result.stopped = vim.wait(10000, function() return vim.lsp.client_is_stopped(client_id) end, 20)
end

local ok, err = pcall(run)
result.ok = ok
result.error = err and tostring(err) or nil
local file = io.open(os.getenv("HMOPT_RESULT"), "w")
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd("qall!")
