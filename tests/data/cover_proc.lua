-- Fails with status 7 after hiding /proc: the verdict must still reach the host.
local how = ...
if how == "umount" then
	assert(fs.umount("/proc", "detach"))
else
	assert(fs.mount("tmpfs", "/proc", "tmpfs"))
end
os.exit(7)
