-- The kernel's selftests in the guest: kselftest/runner.sh's run_one(),
-- for the few programs make check cannot boot as they are.  Each has a
-- stub, build/selftests-KERNEL/DIR/PROG.lua, written by tests/selftests.mk:
--
--   return dofile("/host/.../ksft_run.lua")(mode, "/host/.../PROG", "selftests: DIR: PROG", arg...)
--
-- mode "harness": the program prints its own KTAP (kselftest_harness.h)
-- and only needs arguments (-T NAME: a documented exclusion); its output
-- passes through, its status is the verdict, 4 (KSFT_SKIP) read as 0.
-- mode "plain": a program that prints no TAP and answers by its status
-- (filesystems/nsfs/owner, pidns): one test, its output as "# " lines,
-- and the status mapped as run_one() maps it: 0 ok, 4 "ok # SKIP",
-- anything else "not ok # exit=N".
return function(mode, prog, name, ...)
	local args = table.pack(...)
	io.stdout:flush()
	local r, w
	if mode == "plain" then
		print("TAP version 13")
		print("1..1")
		print("# " .. name)
		io.stdout:flush()
		r, w = assert(fs.pipe())
	end
	local pid = assert(proc.fork(function()
		if w then
			fs.close(r)
			fs.dup(w, 1)
			fs.dup(w, 2)
			fs.close(w)
		end
		local _, msg = proc.exec(prog, table.unpack(args, 1, args.n))
		io.stderr:write(name, ": ", msg, "\n")
		return 127
	end))
	if w then
		fs.close(w)
		local pending = ""
		while true do
			local chunk, msg = fs.read(r)
			if not chunk then
				io.stderr:write(name, ": ", msg, "\n")
				break
			end
			if chunk == "" then
				break
			end
			pending = pending .. chunk
			for line in pending:gmatch("([^\n]*)\n") do
				print("# " .. line)
			end
			pending = pending:match("[^\n]*$")
		end
		if pending ~= "" then
			print("# " .. pending)
		end
		fs.close(r)
	end
	local _, how, code = proc.wait(pid)
	local status
	if how == "exited" and (code == 0 or code == 4) then
		status = 0
	elseif how == "exited" then
		status = 1
	else
		status = 2
	end
	if mode == "plain" then
		if status == 0 then
			print("ok 1 " .. name .. (code == 4 and " # SKIP" or ""))
		elseif how == "exited" then
			print("not ok 1 " .. name .. " # exit=" .. code)
		else
			print("not ok 1 " .. name .. " # " .. how .. " by signal " .. code)
		end
	end
	io.stdout:flush()
	os.exit(status)
end
