// SPDX-License-Identifier: GPL-2.0
/*
 * The read-eval-print loop of lua.c (doREPL, loadline, pushline, addreturn,
 * multiline, l_print), reading lines with readline's callback interface so
 * that a ^C at the prompt discards the line instead of ending the session.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include <lauxlib.h>

#include "chunk.h"
#include "repl.h"

#define PROMPT "> "
#define PROMPT_CONTINUED ">> "
#define EOF_MARK "<eof>"

/* Handed from the readline callback to read_line(). */
struct pending_line {
	bool done;
	char *text; /* NULL at end of input */
};

static struct pending_line pending;
static volatile sig_atomic_t prompt_interrupted;

static void take_line(char *text)
{
	pending.done = true;
	pending.text = text;
	rl_callback_handler_remove();
}

static void note_prompt_sigint(int sig)
{
	(void)sig;
	prompt_interrupted = 1;
}

/* Discard the line being typed after a ^C at the prompt. */
static char *cancel_line(void)
{
	prompt_interrupted = 0;
	rl_free_line_state();
	rl_callback_sigcleanup();
	rl_callback_handler_remove();
	fputs("^C\n", stdout);
	return strdup("");
}

/*
 * One line from the terminal; NULL at EOF.  A ^C discards the line and
 * prompts again; "*cancelled" tells the caller to drop continued input.
 * SIGINT is blocked except inside ppoll(), so a ^C that lands while
 * readline works on a character is seen before the next wait.
 */
static char *read_line(const char *prompt, bool *cancelled)
{
	struct sigaction sa = { .sa_handler = note_prompt_sigint }, old;
	struct pollfd in = { .fd = STDIN_FILENO, .events = POLLIN };
	sigset_t sigint, unblocked;

	sigemptyset(&sa.sa_mask);
	sigemptyset(&sigint);
	sigaddset(&sigint, SIGINT);
	sigprocmask(SIG_BLOCK, &sigint, &unblocked);
	sigdelset(&unblocked, SIGINT);
	sigaction(SIGINT, &sa, &old);
	*cancelled = false;
	prompt_interrupted = 0;
	pending.done = false;
	rl_callback_handler_install(prompt, take_line);
	while (!pending.done) {
		if (prompt_interrupted) {
			*cancelled = true;
			pending.text = cancel_line();
			break;
		}
		if (ppoll(&in, 1, NULL, &unblocked) > 0)
			rl_callback_read_char();
	}
	/*
	 * SIGINT stays blocked: a ^C typed after Enter reaches the chunk the
	 * line makes, when chunk_call() starts it.
	 */
	sigaction(SIGINT, &old, NULL);
	return pending.text;
}

static void remember(const char *line)
{
	if (*line)
		add_history(line);
}

/* Try the line as "return <line>", so that an expression prints. */
static int add_return(lua_State *L)
{
	const char *line = lua_tostring(L, -1);
	const char *retline = lua_pushfstring(L, "return %s;", line);
	int status = luaL_loadbuffer(L, retline, strlen(retline), "=stdin");

	if (status == LUA_OK) {
		lua_remove(L, -2);
		remember(line);
	} else {
		lua_pop(L, 2);
	}
	return status;
}

static bool incomplete(lua_State *L, int status)
{
	size_t lmsg;
	const char *msg;

	if (status != LUA_ERRSYNTAX)
		return false;
	msg = lua_tolstring(L, -1, &lmsg);
	if (lmsg >= sizeof(EOF_MARK) - 1 &&
	    !strcmp(msg + lmsg - (sizeof(EOF_MARK) - 1), EOF_MARK)) {
		lua_pop(L, 1);
		return true;
	}
	return false;
}

/*
 * Read more lines while the text so far ends in an unfinished statement.
 * ^C or EOF there drops the statement: an empty chunk runs instead.
 */
static int multiline(lua_State *L)
{
	for (;;) {
		size_t len;
		const char *text = lua_tolstring(L, 1, &len);
		int status = luaL_loadbuffer(L, text, len, "=stdin");
		bool cancelled;
		char *line;

		if (!incomplete(L, status)) {
			remember(text);
			return status;
		}
		line = read_line(PROMPT_CONTINUED, &cancelled);
		if (!line || cancelled) {
			free(line);
			return luaL_loadbuffer(L, "", 0, "=stdin");
		}
		lua_pushliteral(L, "\n");
		lua_pushstring(L, line);
		free(line);
		lua_concat(L, 3);
	}
}

/* Leave the compiled chunk for the next input alone on the stack; -1 at EOF. */
static int load_line(lua_State *L)
{
	bool cancelled;
	char *line;
	int status;

	lua_settop(L, 0);
	line = read_line(PROMPT, &cancelled);
	if (!line)
		return -1;
	lua_pushstring(L, line);
	free(line);
	status = add_return(L);
	if (status != LUA_OK)
		status = multiline(L);
	lua_remove(L, 1);
	return status;
}

/*
 * Print the results of an expression, tab-separated, tables rendered by
 * the prelude's pretty() where it exists, like lua.c's l_print() otherwise.
 */
static void print_results(lua_State *L)
{
	int n = lua_gettop(L);

	if (n == 0)
		return;
	luaL_checkstack(L, LUA_MINSTACK, "too many results to print");
	if (lua_getglobal(L, "pretty") == LUA_TFUNCTION) {
		for (int i = 1; i <= n; i++) {
			if (lua_type(L, i) != LUA_TTABLE)
				continue;
			lua_pushvalue(L, -1);
			lua_pushvalue(L, i);
			if (lua_pcall(L, 1, 1, 0) == LUA_OK)
				lua_replace(L, i);
			else
				lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	lua_getglobal(L, "print");
	lua_insert(L, 1);
	if (lua_pcall(L, n, 0, 0) != LUA_OK)
		chunk_report(L, NULL);
}

/*
 * The thread tab completion looks names up with: its own stack, so that a
 * completion in the middle of a multi-line chunk leaves that chunk's text
 * on the main stack alone.  Set while the REPL runs.
 */
static lua_State *completion_L;

/*
 * Completion candidates for "a.b.pre": the fields of a.b (or the globals)
 * starting with "pre", as full words, collected into a Lua table first.
 */
static char *complete_name(const char *text, int state)
{
	static int next;
	lua_State *L = completion_L;
	const char *dot;
	char *match = NULL;

	if (!state) {
		const char *start = text;
		lua_settop(L, 0);
		lua_newtable(L); /* 1: the candidates */
		lua_pushglobaltable(L); /* 2: the table to search */
		while ((dot = strpbrk(start, ".:"))) {
			lua_pushlstring(L, start, dot - start);
			if (lua_type(L, 2) != LUA_TTABLE ||
			    lua_gettable(L, 2) != LUA_TTABLE) {
				lua_settop(L, 1);
				break;
			}
			lua_replace(L, 2);
			start = dot + 1;
		}
		if (lua_gettop(L) == 2) {
			size_t prefix = start - text, len = strlen(start);
			int n = 0;

			lua_pushnil(L);
			while (lua_next(L, 2)) {
				const char *key = lua_type(L, -2) ==
								  LUA_TSTRING ?
							  lua_tostring(L, -2) :
							  NULL;

				if (key && !strncmp(key, start, len)) {
					lua_pushlstring(L, text, prefix);
					lua_pushstring(L, key);
					if (lua_type(L, -3) == LUA_TTABLE)
						lua_pushliteral(L, ".");
					else if (lua_type(L, -3) ==
						 LUA_TFUNCTION)
						lua_pushliteral(L, "(");
					else
						lua_pushliteral(L, "");
					lua_concat(L, 3);
					lua_rawseti(L, 1, ++n);
				}
				lua_pop(L, 1);
			}
		}
		next = 1;
	}
	if (lua_rawgeti(L, 1, next++) == LUA_TSTRING)
		match = strdup(lua_tostring(L, -1));
	lua_pop(L, 1);
	return match;
}

static char **complete(const char *text, int start, int end)
{
	(void)start;
	(void)end;
	rl_completion_append_character = '\0';
	rl_attempted_completion_over = 1; /* no file names */
	return rl_completion_matches(text, complete_name);
}

void repl_run(lua_State *L)
{
	int status;

	rl_catch_signals = 0;
	rl_readline_name = "lua";
	rl_basic_word_break_characters = " \t\n\"\\'`@$><=;|&{(,+-*/%^~#[]";
	rl_attempted_completion_function = complete;
	completion_L = lua_newthread(L);
	luaL_ref(L, LUA_REGISTRYINDEX); /* keeps the thread alive */
	while ((status = load_line(L)) != -1) {
		if (status == LUA_OK)
			status = chunk_call(L, 0, LUA_MULTRET);
		if (status == LUA_OK)
			print_results(L);
		else
			chunk_report(L, NULL);
	}
	lua_settop(L, 0);
	fputs("\n", stdout);
	fflush(stdout);
}
