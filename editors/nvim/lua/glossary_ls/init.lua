-- glossary_ls — attaches the glossary-ls language server to Markdown buffers inside a glossary.
-- Works on Neovim 0.7 (vim.lsp.start_client + buf_attach_client) and on current Neovim
-- (vim.lsp.start; vim.lsp.config registers it too where that exists). Sets no keymaps.
local M = {}

M.defaults = {
  cmd = { "glossary-ls", "--stdio" },
  filetypes = { "markdown" },
  settings = {}, -- the `glossary` settings: severity, highlights, debounce, ...
  on_attach = nil,
  on_init = nil,
  capabilities = nil,
}

local uv = vim.loop

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function dirname(path)
  return (path:gsub("/+$", ""):match("^(.*)/[^/]*$")) or "/"
end

--- The glossary root of a file: the nearest folder with a .glossary.yaml, else the nearest folder
--- with a .git, else the file's own folder.
function M.find_root(file)
  local start = dirname(vim.fn.fnamemodify(file, ":p"))
  for _, marker in ipairs({ ".glossary.yaml", ".git" }) do
    local dir = start
    while true do
      if exists(dir .. "/" .. marker) then
        return dir
      end
      local parent = dirname(dir)
      if parent == dir or dir == "/" then
        break
      end
      dir = parent
    end
  end
  return start
end

--- The client capabilities, asking for UTF-8 positions in the way this Neovim understands:
--- general.positionEncodings (0.9+) or the clangd-style offsetEncoding (0.7, 0.8).
function M.capabilities(extra)
  local caps = vim.lsp.protocol.make_client_capabilities()
  if vim.fn.has("nvim-0.9") == 1 then
    caps.general = caps.general or {}
    caps.general.positionEncodings = { "utf-8", "utf-16" }
  else
    caps.offsetEncoding = { "utf-8", "utf-16" }
  end
  -- Neovim applies versioned document changes and file renames (rename of a slug renames the file)
  -- even where it does not say so (0.7)
  caps.workspace = caps.workspace or {}
  caps.workspace.workspaceEdit = caps.workspace.workspaceEdit or {}
  caps.workspace.workspaceEdit.documentChanges = true
  if extra then
    caps = vim.tbl_deep_extend("force", caps, extra)
  end
  return caps
end

local function client_config(root)
  local c = M.config
  return {
    name = "glossary-ls",
    cmd = c.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = c.settings,
    settings = { glossary = c.settings },
    capabilities = M.capabilities(c.capabilities),
    on_attach = c.on_attach,
    on_init = function(client, result)
      -- Neovim 0.7 reads the negotiated encoding only this way (clangd's offsetEncoding)
      local enc = result.offsetEncoding or (result.capabilities or {}).positionEncoding
      if enc then
        client.offset_encoding = enc
      end
      if c.on_init then
        c.on_init(client, result)
      end
    end,
    flags = { debounce_text_changes = 0 },
  }
end

local clients = {} -- root -> client id (Neovim 0.7)

--- Attaches the server to buffer bufnr (starting it for the buffer's glossary root when needed).
function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" then
    return nil
  end
  local root = M.find_root(name)
  if vim.lsp.start then
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(client_config(root))
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

--- setup({ cmd = {...}, settings = {...}, on_attach = fn, capabilities = {...} })
function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", M.defaults, opts or {})
  if vim.lsp.config and type(vim.lsp.config) == "table" then
    -- Neovim 0.11+: also known to vim.lsp.enable("glossary_ls")
    local cfg = client_config(vim.fn.getcwd())
    cfg.root_dir = nil
    cfg.root_markers = { ".glossary.yaml", ".git" }
    cfg.filetypes = M.config.filetypes
    pcall(function()
      vim.lsp.config.glossary_ls = cfg
    end)
  end
  local group = vim.api.nvim_create_augroup("glossary_ls", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.config.filetypes, vim.bo[buf].filetype) then
      M.attach(buf)
    end
  end
end

return M
