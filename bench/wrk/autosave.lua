-- The autosave as the browser's htmx sends it, one connection per wrk thread
-- (run with -t N -c N), each like one open step page saving its own section.
-- Each connection starts from the version its step page showed (bench/run.py loads
-- the page just before the run, so only saves are timed) and sends each save with
-- the version the last one returned: every save should succeed (200), none conflict.
-- Arguments: a file with one line per connection:
--   autosave_path step_path cookie_header csrf_token origin section version

local autosave_path, step_path, cookie, token, origin, section
local version = nil
local saves = 0
local filler = ("I+agreed+weekly+goals+with+her%2C+paired+on+code+reviews+and+"
  .. "asked+her+to+lead+the+next+release+while+I+stayed+on+hand.+"):rep(6)

function init(args)
  local n = 0
  for line in io.lines(args[1]) do
    n = n + 1
    if n == id then
      autosave_path, step_path, cookie, token, origin, section, version =
        line:match("^(%S+) (%S+) (.+) (%S+) (%S+) (%d+) (%d+)$")
    end
  end
  assert(autosave_path, "no connection line " .. id .. " in " .. args[1])
  version = tonumber(version)
end

function request()
  if version == nil then
    return wrk.format("GET", step_path, { ["Cookie"] = cookie })
  end
  saves = saves + 1
  local body = "csrfmiddlewaretoken=" .. token
    .. "&text=Save+" .. saves .. "+of+connection+" .. id .. ".+" .. filler
    .. "&version=" .. version
    .. "&section=" .. section
  return wrk.format("POST", autosave_path, {
    ["Cookie"] = cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = origin,
    ["HX-Request"] = "true",
    ["HX-Current-URL"] = origin .. step_path,
    ["HX-Target"] = "save-status-" .. section,
    ["HX-Trigger"] = "text-" .. section,
    ["HX-Trigger-Name"] = "text",
    ["X-CSRFToken"] = token,
  }, body)
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
    version = nil -- load the page again, as a reload would (counted as not 200)
    return
  end
  local v = body:match('name="version" value="(%d+)"')
  if v then
    version = tonumber(v)
  else
    not_ok = not_ok + 1
  end
end
