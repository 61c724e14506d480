-- help() and help(fn): the console's API reference.  This table is the one
-- source of the API's documentation: console/API.md is generated from it
-- (make api-doc), and a test checks that every function of every module
-- has an entry here and every entry a function.
--
-- Conventions (all modules): a failing system call returns
-- nil, "ESYM: message (call)", errno; a wrong argument raises an error
-- naming it.  File descriptors are plain integers, closed with fs.close().
local api = {
	{ "ns", "Namespaces: the RFC's calls and mainline's, by type name or number" },
	{ "ns.nsfd", "ns.nsfd(pid, type) -> fd",
		"The RFC's nsfd(): a new fd naming and pinning the namespace of "
		.. "task pid (0: the caller). type: \"net\", \"uts\", \"ipc\", \"mnt\", "
		.. "\"pid\" (the task's own), \"user\", \"cgroup\" or an NSTYPE_ number. "
		.. "EINVAL unknown type, ESRCH no such task, EPERM no ptrace-attach access." },
	{ "ns.nsfd_setns", "ns.nsfd_setns(type, fd) -> true",
		"The RFC's setns(nstype, fd): enter the namespace an nsfd file "
		.. "holds, with the rules of mainline setns() for its type (a pid "
		.. "namespace for the children only, a user namespace only single-"
		.. "threaded). EPERM without CAP_SYS_ADMIN, EINVAL unknown type or "
		.. "not an nsfd file of that type, EBADF bad fd." },
	{ "ns.setns", "ns.setns(fd [, type...]) -> true",
		"Mainline setns(fd, nstype) with an nsfs fd (ns.open) or a pidfd "
		.. "(proc.pidfd_open); types by name or CLONE_ number, or none (0: any "
		.. "type, nsfs only). With a pidfd, several of the task's namespaces "
		.. "at once, all or none (5.8): on any refusal (EPERM, EINVAL) none is "
		.. "entered; EINVAL with no type, ESRCH the task is gone." },
	{ "ns.unshare", "ns.unshare(type...) -> true",
		"unshare(2) of the named types (\"net\", \"uts\", ...) or CLONE_ numbers. "
		.. "Do it in a child (proc.fork) to keep the console's namespaces." },
	{ "ns.open", "ns.open(pid, type) -> fd",
		"Mainline's handle: open(\"/proc/<pid>/ns/<type>\"); pid 0 is the caller." },
	{ "ns.id", "ns.id(fd [, kind]) or ns.id(pid, type [, kind]) -> id, kind",
		"The namespace's identity, and which kind of id it is. kind "
		.. "\"inode\" (the default): its inode number, the same for an nsfd "
		.. "file, an nsfs file and /proc/<pid>/ns/<type>, on every kernel. kind "
		.. "\"ns_id\": mainline's NS_GET_ID ioctl, the 64-bit id ns.list and "
		.. "ns.handle use; nsfs only, never a silent fallback: ENOTTY for an "
		.. "nsfd file and on a kernel without it (6.12). EINVAL for a file that "
		.. "is not a namespace's." },
	{ "ns.owner", "ns.owner(fd) -> fd",
		"Mainline's NS_GET_USERNS ioctl: an nsfs fd of the user namespace "
		.. "that owns fd's namespace. Only nsfs files answer (an nsfd file: "
		.. "ENOTTY); EPERM when the owner is outside the caller's user namespace "
		.. "(the initial user namespace has none)." },
	{ "ns.parent", "ns.parent(fd) -> fd",
		"Mainline's NS_GET_PARENT ioctl: an nsfs fd of the parent of a pid or "
		.. "user namespace. EINVAL for other types, EPERM above the caller's "
		.. "own, ENOTTY for an nsfd file." },
	{ "ns.handle", "ns.handle(fd) -> handle",
		"name_to_handle_at() on an nsfs fd (7.3): the namespace's file handle "
		.. "as a string to print and store, \"nsfs:<type>:<hex>:<hex>\". It "
		.. "names the namespace without pinning it. ENOTTY for an nsfd file or "
		.. "any file not nsfs's (NS_GET_NSTYPE), EOPNOTSUPP on a kernel whose "
		.. "nsfs has no file handles (6.12)." },
	{ "ns.open_handle", "ns.open_handle(handle) -> fd",
		"open_by_handle_at() in nsfs (FD_NSFS_ROOT, 7.3): an nsfs fd of the "
		.. "namespace a handle from ns.handle names, no name in any filesystem "
		.. "needed. ESTALE once it is gone, EINVAL if it is not of the type the "
		.. "handle says, EBADF on a kernel without FD_NSFS_ROOT (6.12); a string "
		.. "not of ns.handle's form raises." },
	{ "ns.open_id", "ns.open_id(id) -> fd",
		"open_by_handle_at() of a handle holding only an ns id (7.3), as "
		.. "lsns does with listns()'s ids: an nsfs fd of the namespace in "
		.. "active use whose ns.id(fd, \"ns_id\") is id. ESTALE no such "
		.. "namespace in active use, EBADF on a kernel without FD_NSFS_ROOT "
		.. "(6.12); an id that is not a positive integer raises." },
	{ "ns.list", "ns.list([{type = types, owner = id}]) -> {id...}",
		"listns() (7.3): the ns ids (ns.id(fd, \"ns_id\")) of the namespaces "
		.. "in active use, in ascending order; type: a name, a CLONE_ number or "
		.. "a list of them (default: every type); owner: the ns id of the user "
		.. "namespace that owns them, or \"current\" (the caller's). An "
		.. "unknown field or type raises; EINVAL no such owner, ENOSYS on a "
		.. "kernel without listns() (6.12)." },
	{ "proc", "Processes" },
	{ "proc.fork", "proc.fork(fn, ...) -> pid",
		"Run fn(...) in a child, which then exits: with the integer fn "
		.. "returns, 0 for nothing or true, 1 for false, 2 if it raised (the "
		.. "error goes to stderr). The child never returns to the caller." },
	{ "proc.clone", "proc.clone(types, fn, ...) -> pid",
		"proc.fork() into new namespaces, as clone(2) makes them: types is "
		.. "a name (\"net\"), a CLONE_ number or a table of them. With "
		.. "\"pid\" the child is PID 1 of its new pid namespace." },
	{ "proc.wait", "proc.wait([pid [, timeout]]) -> pid, how, code",
		"Wait for a child (pid -1 or nil: any). how is \"exited\", \"killed\" "
		.. "or \"stopped\"; code the status or signal. After timeout seconds: "
		.. "nil, \"ETIMEDOUT: ...\", 110, the child left running." },
	{ "proc.kill", "proc.kill(pid [, signal]) -> true",
		"Send a signal by name (\"TERM\", \"SIGKILL\", ...) or number; default TERM." },
	{ "proc.getpid", "proc.getpid() -> pid", "This process's pid." },
	{ "proc.getppid", "proc.getppid() -> pid", "The parent's pid." },
	{ "proc.exec", "proc.exec(path, arg...)",
		"execv(2): replace this process; returns nil, msg, errno on failure." },
	{ "proc.run", "proc.run{prog, arg... [, input = s, root = r, timeout = t]} -> "
		.. "{how, code, stdout, stderr, timed_out}",
		"Run a program to its end in a child and keep what it wrote. prog is a path "
		.. "or a name looked up in PATH. root \"host\" (the default): the host's / "
		.. "as its root, read-only, so the host's own programs run (ip, lsns, "
		.. "nsenter, strace), with the guest's /proc, /sys, /dev, /tmp and /run "
		.. "over the host's (/run made shared first: what it mounts there, the "
		.. "console sees); \"guest\": the console's root. stdin is input or "
		.. "/dev/null; how and code as proc.wait's; after timeout seconds it is "
		.. "killed (timed_out true). A program that could not start: nil, "
		.. "\"ENOENT: ... (prog: exec)\", errno. A ^C kills it, and stops the chunk as always." },
	{ "proc.exit", "proc.exit([status])",
		"Flush the output and end this process now, without finalizers." },
	{ "proc.setuid", "proc.setuid(uid) -> true", "setuid(2): from root, drops every capability." },
	{ "proc.setgid", "proc.setgid(gid) -> true", "setgid(2)." },
	{ "proc.drop_caps", "proc.drop_caps() -> true",
		"Empty the effective, permitted and inheritable capability sets, "
		.. "keeping the uid: for EPERM paths." },
	{ "proc.sleep", "proc.sleep(seconds) -> true", "Sleep; fractions allowed." },
	{ "proc.pidfd_open", "proc.pidfd_open(pid) -> fd",
		"pidfd_open(2): mainline's handle on a process, for ns.setns(pidfd, "
		.. "type...). EINVAL for pid 0 or below, ESRCH no such process." },
	{ "fs", "Files, mounts and fd passing" },
	{ "fs.open", "fs.open(path, flag...) -> fd",
		"open(2); flags by name: \"r\", \"w\", \"rw\", \"create\", \"excl\", "
		.. "\"trunc\", \"append\", \"cloexec\", \"nofollow\", \"directory\", "
		.. "\"path\", \"nonblock\"; mode 0644." },
	{ "fs.close", "fs.close(fd) -> true", "close(2)." },
	{ "fs.dup", "fs.dup(fd [, newfd]) -> fd", "dup(2), or dup2(2) onto newfd." },
	{ "fs.read", "fs.read(fd [, max]) -> string",
		"One read(2) of at most max bytes (64 KiB); \"\" at end of file. "
		.. "Waits for data (Ctrl-C interrupts); EBADF at once for an fd not open "
		.. "for reading (a pipe's write end, stderr)." },
	{ "fs.write", "fs.write(fd, string) -> count", "One write(2)." },
	{ "fs.pipe", "fs.pipe() -> rfd, wfd", "pipe(2)." },
	{ "fs.mkdir", "fs.mkdir(path [, mode]) -> true", "mkdir(2), mode 0755." },
	{ "fs.unlink", "fs.unlink(path) -> true", "unlink(2)." },
	{ "fs.rmdir", "fs.rmdir(path) -> true", "rmdir(2)." },
	{ "fs.stat", "fs.stat(path or fd) -> {ino, dev, mode, type, size, nlink, uid, gid}",
		"stat(2) or fstat(2); type is \"file\", \"directory\", \"link\", ..." },
	{ "fs.statfs", "fs.statfs(path or fd) -> magic",
		"The filesystem's f_type: compare with fs.NSFD_FS_MAGIC, fs.NSFS_MAGIC." },
	{ "fs.readlink", "fs.readlink(path) -> target",
		"readlink(2): \"nsfd\" for an nsfd fd in /proc/<pid>/fd, \"net:[N]\" for nsfs." },
	{ "fs.listdir", "fs.listdir(path) -> {name...}", "The names in a directory." },
	{ "fs.mount", "fs.mount(source, target, fstype [, data [, flag...]]) -> true",
		"mount(2); source, fstype, data may be nil; flags by name: \"bind\", "
		.. "\"rec\", \"move\", \"remount\", \"ro\", \"nosuid\", \"nodev\", "
		.. "\"noexec\", \"private\", \"shared\", \"slave\", \"unbindable\"." },
	{ "fs.bind", "fs.bind(source, target) -> true",
		"mount --bind; source is a path or an open fd (bound as "
		.. "/proc/self/fd/N: the RFC's way to name an nsfd file). A missing "
		.. "target is created as an empty file." },
	{ "fs.umount", "fs.umount(target [, flag...]) -> true",
		"umount2(2); flags \"detach\" (umount -l), \"force\", \"expire\", \"nofollow\"." },
	{ "fs.propagation", "fs.propagation(path, kind [, \"rec\"]) -> true",
		"Change mount propagation: kind \"private\", \"shared\", \"slave\" or \"unbindable\"." },
	{ "fs.socketpair", "fs.socketpair() -> fd, fd", "A connected unix stream socket pair." },
	{ "fs.sendfd", "fs.sendfd(socket, fd) -> true", "Hand fd to the socket's peer (SCM_RIGHTS)." },
	{ "fs.recvfd", "fs.recvfd(socket) -> fd", "Receive an fd sent with fs.sendfd." },
	{ "fs.mountinfo", "fs.mountinfo([pid]) -> {record...}",
		"/proc/<pid>/mountinfo as records {id, parent, dev, root, "
		.. "mount_point, options, optional, fstype, source, super_options}." },
	{ "sys", "State to leave in a namespace and read back" },
	{ "sys.hostname", "sys.hostname() -> name", "gethostname(2): the uts namespace's." },
	{ "sys.sethostname", "sys.sethostname(name) -> true", "sethostname(2)." },
	{ "sys.sysctl", "sys.sysctl(name [, value]) -> value or true",
		"Read or write /proc/sys/<name with dots as slashes>, e.g. "
		.. "\"net.ipv4.ip_default_ttl\" (per network namespace)." },
	{ "sys.interfaces", "sys.interfaces() -> {{index, name, up}...}", "The network interfaces of this netns." },
	{ "sys.link_up", "sys.link_up(name [, up]) -> true", "Set an interface up (default) or down." },
	{ "sys.veth", "sys.veth(name, peer) -> true", "Create a veth pair (rtnetlink)." },
	{ "sys.link_netns", "sys.link_netns(name, {pid = N} or {fd = N}) -> true",
		"Move an interface into the netns of a task or of an nsfs fd "
		.. "(the kernel refuses nsfd files here)." },
	{ "life", "Namespace lifetime, from the kernel's own accounting" },
	{ "life.count", "life.count(type [, max]) -> n",
		"How many namespaces of type are alive beyond the initial one, from "
		.. "the ucounts behind /proc/sys/user/max_<type>_namespaces (probed "
		.. "in children; a probe's own net or ipc namespace may linger a few "
		.. "ms: use life.wait to compare)." },
	{ "life.wait", "life.wait(type, n [, timeout]) -> true",
		"Poll until life.count(type) == n (every 20 ms, the pause doubling to 0.5 s: "
		.. "each count makes a namespace that must die too); nil, \"ETIMEDOUT: ...\", "
		.. "errno.ETIMEDOUT once the pauses add up to timeout seconds (5; 0 counts once)." },
	{ "life.counts", "life.counts() -> {type = n...}", "life.count of every type the kernel counts." },
	{ "life.pinners", "life.pinners() -> {{type, id, tasks, fds, mounts, ns_id, listed}...}",
		"What keeps each visible namespace alive: tasks in it, nsfd and nsfs "
		.. "fds per task (\"pid:fd nsfd\"), bind mounts ({path, fstype, mnt, text}) "
		.. "of every mount namespace a task is in. Where the kernel has listns() "
		.. "(7.3), also each namespace it lists that nothing in view holds (an fd "
		.. "in flight in a socket, say), every entry's ns_id, and listed = false "
		.. "for one in view that listns() does not list (not in active use)." },
	{ "life.lsns", "life.lsns()", "Print life.pinners() as a table, like lsns; "
		.. "NSID (listns()'s id) where the kernel has it." },
	{ "life.graph", "life.graph([history]) -> DOT text",
		"life.pinners() as a Graphviz digraph: namespaces (the initial ones "
		.. "boxed), tasks grouped by the namespaces they share, the nsfd and nsfs "
		.. "fds and bind mounts that pin each (and the mount namespace a mount is "
		.. "in), the owner and parent edges mainline's ioctls report, and what "
		.. "listns() lists with no holder in view. Pass "
		.. "the same table each time: a namespace shown before and gone now is "
		.. "drawn once more, as freed. Render with dot -Tsvg; see sc.step." },
	{ "errno", "Errno numbers by name (errno.EINVAL == 22), and the failure convention" },
	{ "errno.result", "errno.result(e [, what]) -> nil, \"ESYM: message (what)\", e",
		"The failure every function returns, for code written in Lua: "
		.. "errno.result(errno.ETIMEDOUT, \"3 net namespaces alive\")." },
	{ "help", "help([fn or name])", "This help: the list, or one function's entry." },
}

local by_name = {}
for _, e in ipairs(api) do
	by_name[e[1]] = e
end

-- The name of a value the API holds: a module ("ns"), a function
-- ("ns.nsfd"), or help itself.
local function name_of(value)
	if value == _G.help then
		return "help"
	end
	for _, e in ipairs(api) do
		local module, field = e[1]:match("^(%w+)%.(%w+)$")
		if module and _G[module] and _G[module][field] == value then
			return e[1]
		elseif not module and _G[e[1]] == value then
			return e[1]
		end
	end
end

local help = {}

local function wrap(text, indent)
	local lines, line = {}, indent
	for word in text:gmatch("%S+") do
		if #line + #word > 76 and line ~= indent then
			lines[#lines + 1] = line
			line = indent
		end
		line = line .. (line == indent and "" or " ") .. word
	end
	lines[#lines + 1] = line
	return table.concat(lines, "\n")
end

setmetatable(help, { __call = function(_, what)
	if what == nil then
		for _, e in ipairs(api) do
			if e[3] then
				print("  " .. e[2])
			else
				print(e[1] .. ": " .. e[2])
			end
		end
		print("help(fn) or help(\"name\") for one.")
		return
	end
	local name = type(what) == "string" and what or name_of(what)
	local e = by_name[name]
	if not e then
		print("no help for " .. (type(what) == "string" and string.format("%q", what)
			or "that " .. type(what)) .. ": help() lists the API")
		return
	end
	if not e[3] then
		-- A module: its line, then each of its functions.
		print(e[1] .. ": " .. e[2])
		for _, f in ipairs(api) do
			if f[1]:sub(1, #name + 1) == name .. "." then
				print("  " .. f[2])
			end
		end
		return
	end
	print(e[2])
	if e[3] then
		print(wrap(e[3], "  "))
	end
end })

-- The entries, for the API reference and its test.
help.entries = api

-- The reference in Markdown (make api-doc writes console/API.md).
function help.markdown()
	local out = { "# Console API reference", "",
		"Generated from `console/lua/help.lua` by `make api-doc`; the same text is",
		"what `help()` prints in the console.  A failing system call returns",
		"`nil, \"ESYM: message (call)\", errno`; a wrong argument raises an error",
		"naming it.  File descriptors are plain integers, closed with `fs.close()`." }
	for _, e in ipairs(api) do
		if e[3] then
			out[#out + 1] = "- `" .. e[2] .. "`: " .. e[3]
		else
			out[#out + 1] = ""
			out[#out + 1] = "## " .. e[1] .. ": " .. e[2]
			out[#out + 1] = ""
		end
	end
	return table.concat(out, "\n") .. "\n"
end

return help
