-- Each connection waits 0.5x-1.5x pace_ms (set by bench/run.py) before each request,
-- the first one included. Every wrk thread has its own Lua state, and LuaJIT seeds
-- them all alike: without a seed per thread, the connections would wait the same
-- times and arrive together, a burst a real user's typing never makes.
local seeded = false

function delay()
  if not seeded then
    math.randomseed(id * 7919 + os.time())
    seeded = true
  end
  return math.random(math.floor(pace_ms / 2), math.floor(pace_ms * 3 / 2))
end
