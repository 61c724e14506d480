-- Prints the environment variable named by each argument.
for _, name in ipairs({...}) do
	print(name, os.getenv(name))
end
