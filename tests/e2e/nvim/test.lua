-- End to end in Neovim (0.7 and later), through the plugin's own setup(): diagnostics on the seed
-- (line and byte column checked on a line with æøå), hover, completion after "](/", go to
-- definition, rename of a slug, and the quick fix for "##Høydepunkter". Any failure ends Neovim
-- with :cquit 1 and a message on stderr (a Lua error would hang a headless Neovim).
local sample = os.getenv("SAMPLE")
local failures = {}

local function check(cond, what)
  if not cond then
    table.insert(failures, what)
  end
end

local function wait(ms, pred)
  return vim.wait(ms, pred, 20)
end

local function request(bufnr, method, params)
  local res = vim.lsp.buf_request_sync(bufnr, method, params, 10000)
  for _, r in pairs(res or {}) do
    if r.result ~= nil then
      return r.result
    end
  end
  return nil
end

local function pos(line, col)
  return { line = line, character = col } -- UTF-8 columns: the plugin asks for utf-8
end

local function body()
  require("glossary_ls").setup({ cmd = { os.getenv("GLOSSARY_LS"), "--stdio" }, settings = { debounce = 0 } })

  -- diagnostics of the seed article
  vim.cmd("edit " .. sample .. "/Texts/Norwegian/account-manager.md")
  local seed = vim.api.nvim_get_current_buf()
  check(vim.bo.filetype == "markdown", "the seed is not a markdown buffer")
  check(wait(15000, function() return #vim.diagnostic.get(seed) >= 4 end), "no diagnostics arrived")
  local diags = vim.diagnostic.get(seed)
  table.sort(diags, function(a, b) return a.lnum < b.lnum end)
  check(#diags == 4, "expected 4 diagnostics, got " .. #diags)
  local broken = diags[1] or {}
  check(broken.lnum == 21 and broken.col == 341, ("link.broken at %s:%s, expected 21:341 (bytes)"):format(broken.lnum, broken.col))
  check(broken.code == "link.broken", "first diagnostic is " .. tostring(broken.code))
  check((diags[2] or {}).code == "heading.no-space", "second diagnostic is not heading.no-space")
  local client = vim.lsp.get_active_clients()[1]
  check(client and client.offset_encoding == "utf-8", "the client does not speak utf-8: " .. tostring(client and client.offset_encoding))

  -- the quick fix for ##Høydepunkter
  local actions = request(seed, "textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(seed) },
    range = { start = pos(33, 3), ["end"] = pos(33, 3) },
    context = { diagnostics = {}, only = { "quickfix" } },
  }) or {}
  check(actions[1] and actions[1].title == "Add the space after the '#'", "no quick fix for ##Høydepunkter")
  if actions[1] then
    vim.lsp.util.apply_workspace_edit(actions[1].edit, "utf-8")
  end
  check(vim.api.nvim_buf_get_lines(seed, 33, 34, false)[1] == "## Høydepunkter", "the quick fix did not apply")
  check(wait(5000, function() return #vim.diagnostic.get(seed) == 3 end), "heading.no-space did not go away")

  -- hover on a link, in another article
  vim.cmd("edit " .. sample .. "/Texts/Norwegian/customer-retention.md")
  local cr = vim.api.nvim_get_current_buf()
  wait(5000, function() return #vim.lsp.buf_get_clients(cr) > 0 end)
  local line_nr, text
  for i, l in ipairs(vim.api.nvim_buf_get_lines(cr, 0, -1, false)) do
    if l:find("(/account-manager)", 1, true) then line_nr, text = i - 1, l end
  end
  local col = text and text:find("(/account-manager)", 1, true) or 0
  local hover = request(cr, "textDocument/hover", { textDocument = { uri = vim.uri_from_bufnr(cr) }, position = pos(line_nr or 0, col + 2) })
  local value = hover and hover.contents and hover.contents.value or ""
  check(value:find("kontoansvarlig", 1, true) and value:find("daglige administrasjonen", 1, true), "hover lacks the title and description: " .. value)

  -- completion after "](/"
  vim.api.nvim_buf_set_lines(cr, -1, -1, false, { "Se [kunde](/kun" })
  local last = vim.api.nvim_buf_line_count(cr) - 1
  local comp = request(cr, "textDocument/completion", { textDocument = { uri = vim.uri_from_bufnr(cr) }, position = pos(last, 15) })
  local items = comp and (comp.items or comp) or {}
  local labels = {}
  for _, it in ipairs(items) do labels[it.label] = true end
  check(labels["customer-retention"], "completion after ](/kun does not offer customer-retention")
  vim.api.nvim_buf_set_lines(cr, last, last + 1, false, {})

  -- go to definition opens the target
  vim.api.nvim_win_set_cursor(0, { line_nr + 1, col + 2 })
  vim.lsp.buf.definition()
  check(wait(10000, function() return vim.api.nvim_buf_get_name(0):match("Norwegian/account%-manager%.md$") ~= nil end), "definition did not open account-manager.md")

  -- rename of a slug from a link: the link and the file change
  vim.cmd("buffer " .. cr)
  vim.api.nvim_win_set_cursor(0, { line_nr + 1, col + 2 })
  local edit = request(cr, "textDocument/rename", { textDocument = { uri = vim.uri_from_bufnr(cr) }, position = pos(line_nr, col + 2), newName = "kundeansvarlig" })
  check(edit ~= nil, "rename returned nothing")
  if edit then vim.lsp.util.apply_workspace_edit(edit, "utf-8") end
  local renamed = vim.api.nvim_buf_get_lines(cr, line_nr, line_nr + 1, false)[1] or ""
  check(renamed:find("(/kundeansvarlig)", 1, true), "the link was not renamed: " .. renamed)
  check(vim.loop.fs_stat(sample .. "/Texts/Norwegian/kundeansvarlig.md") ~= nil, "the file was not renamed")
end

local ok, err = pcall(body)
if not ok then
  table.insert(failures, "error: " .. tostring(err))
end
if #failures > 0 then
  io.stderr:write("Neovim end-to-end test failed:\n  " .. table.concat(failures, "\n  ") .. "\n")
  vim.cmd("cquit 1")
else
  io.stdout:write("Neovim end-to-end test passed\n")
  vim.cmd("qall!")
end
