-- Run by the console before every script, chunk or REPL: the parts of the
-- API written in Lua, on top of the C modules ns, proc, fs and sys.
fs.mountinfo = require "mountinfo"
life = require "life"
help = require "help"
pretty = require "pretty"
