-- Prints what the boot command line handed the script.
print("args", select("#", ...), ...)
print("arg", arg[0], arg[1], arg[2])
print("env", os.getenv("key"))
