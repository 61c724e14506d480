// syz-nsfd-check: what syz-sysgen does not say about one description file.
//
// tests/syzkaller/check copies this file into a scratch syzkaller tree as
// tools/syz-nsfd-check/main.go, after nsfd.txt and a nsfd.txt.const went into
// sys/linux/ and syz-sysgen compiled them, and runs it from the tree's root:
//
//	syz-nsfd-check -file nsfd.txt -arches amd64,386 -tests DIR -progs N
//
// syz-sysgen fails on errors but drops the compiler's warnings (syz-check
// prints them, from a kernel's debug info), so this compiles sys/linux for
// each arch again and fails on any message located in -file, such as a call
// unsupported for a missing constant.  Then, on the targets syz-sysgen
// generated: every call of -file can be made (its resources have
// constructors), the programs in -tests parse strictly (as syz-runtest
// parses them), and N programs generated (half of them then mutated) from
// -file's calls and their constructors encode for syz-executor, the same
// after a round trip through their text.  One line
// per check, "ok" or "FAIL"; the exit status is 1 if any failed.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/google/syzkaller/pkg/ast"
	"github.com/google/syzkaller/pkg/compiler"
	"github.com/google/syzkaller/prog"
	_ "github.com/google/syzkaller/sys"
	"github.com/google/syzkaller/sys/targets"
)

var (
	flagFile   = flag.String("file", "nsfd.txt", "the description file in sys/linux to check")
	flagArches = flag.String("arches", "amd64,386", "arches whose constants the file gives")
	flagTests  = flag.String("tests", "", "directory of syz-runtest programs using the file's calls")
	flagProgs  = flag.Int("progs", 1000, "random programs to generate per arch")
	failed     = false
)

func report(ok bool, format string, args ...any) {
	verdict := "ok"
	if !ok {
		verdict, failed = "FAIL", true
	}
	fmt.Printf("%s: %s\n", verdict, fmt.Sprintf(format, args...))
}

// fileCalls returns the names of the calls the file declares.
func fileCalls(desc *ast.Description) map[string]bool {
	calls := make(map[string]bool)
	for _, node := range desc.Nodes {
		if call, ok := node.(*ast.Call); ok && filepath.Base(call.Pos.File) == *flagFile {
			calls[call.Name.Name] = true
		}
	}
	return calls
}

// compileArch compiles all of sys/linux for one arch and reports the
// messages located in the file, the unsupported calls of the file, and the
// syscall numbers its calls got.
func compileArch(desc *ast.Description, consts *compiler.ConstFile, arch string, calls map[string]bool) {
	var inFile, elsewhere []string
	eh := func(pos ast.Pos, msg string) {
		if filepath.Base(pos.File) == *flagFile {
			inFile = append(inFile, fmt.Sprintf("%v: %v", pos, msg))
		} else {
			elsewhere = append(elsewhere, msg)
		}
	}
	target := targets.Get(targets.Linux, arch)
	res := compiler.Compile(desc, consts.Arch(arch), target, eh)
	report(res != nil, "linux/%v: sys/linux compiles (%d messages outside %v, warnings)",
		arch, len(elsewhere), *flagFile)
	report(len(inFile) == 0, "linux/%v: no error or warning in %v%s", arch, *flagFile,
		strings.Join(append([]string{""}, inFile...), "\n\t"))
	if res == nil {
		return
	}
	// The compiler leaves the unsupported calls out.
	compiled := make(map[string]bool)
	nrs := make(map[string]uint64)
	for _, sc := range res.Syscalls {
		compiled[sc.Name] = true
		if calls[sc.Name] && !strings.Contains(sc.Name, "$") {
			nrs[sc.Name] = sc.NR
		}
	}
	var unsupported []string
	for name := range calls {
		if !compiled[name] {
			unsupported = append(unsupported, name)
		}
	}
	sort.Strings(unsupported)
	report(len(unsupported) == 0, "linux/%v: every call of %v is supported %v", arch, *flagFile, unsupported)
	report(len(nrs) > 0, "linux/%v: syscall numbers %v", arch, nrs)
}

// constructors returns the calls that make the resources the given calls
// take (precisely: not every call that returns some fd), so that programs of
// those calls can be generated.
func constructors(calls map[*prog.Syscall]bool) map[*prog.Syscall]bool {
	ctors := make(map[*prog.Syscall]bool)
	for meta := range calls {
		prog.ForeachCallType(meta, func(t prog.Type, ctx *prog.TypeCtx) {
			res, ok := t.(*prog.ResourceType)
			if !ok || ctx.Dir == prog.DirOut {
				return
			}
			for _, ctor := range res.Desc.Ctors {
				if ctor.Precise {
					ctors[ctor.Call] = true
				}
			}
		})
	}
	return ctors
}

func checkTarget(arch string, names map[string]bool) {
	target, err := prog.GetTarget(targets.Linux, arch)
	if err != nil {
		report(false, "linux/%v: target: %v", arch, err)
		return
	}
	calls := make(map[*prog.Syscall]bool)
	for _, meta := range target.Syscalls {
		if names[meta.Name] {
			calls[meta] = true
		}
	}
	report(len(calls) == len(names), "linux/%v: the generated target has the %d calls of %v",
		arch, len(names), *flagFile)
	enabled := make(map[*prog.Syscall]bool)
	for meta := range calls {
		enabled[meta] = true
	}
	for meta := range constructors(calls) {
		if !meta.Attrs.Disabled {
			enabled[meta] = true
		}
	}
	enabled, disabled := target.TransitivelyEnabledCalls(enabled)
	var cannot []string
	for meta, why := range disabled {
		if calls[meta] {
			cannot = append(cannot, meta.Name+": "+why)
		}
	}
	sort.Strings(cannot)
	report(len(cannot) == 0, "linux/%v: every call of %v can be made (%d calls with constructors)%s",
		arch, *flagFile, len(enabled), strings.Join(append([]string{""}, cannot...), "\n\t"))

	if *flagTests != "" {
		files, _ := filepath.Glob(filepath.Join(*flagTests, "*"))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err == nil {
				_, err = target.Deserialize(data, prog.Strict)
			}
			report(err == nil, "linux/%v: %v parses strictly %v", arch, filepath.Base(file), errText(err))
		}
	}

	ct := target.BuildChoiceTable(nil, enabled)
	rs := rand.NewSource(1)
	seen := make(map[string]int)
	bad := 0
	var firstErr error
	for i := 0; i < *flagProgs; i++ {
		p := target.Generate(rs, 10, ct)
		if i%2 == 1 {
			p.Mutate(rs, 10, ct, nil, nil)
		}
		for _, c := range p.Calls {
			if names[c.Meta.Name] {
				seen[c.Meta.Name]++
			}
		}
		if err := roundTrip(p); err != nil {
			bad++
			if firstErr == nil {
				firstErr = fmt.Errorf("%v\n%s", err, p.Serialize())
			}
		}
	}
	report(bad == 0, "linux/%v: %d generated programs (every other one mutated) encode for "+
		"syz-executor, and the same once serialized and parsed back %v", arch, *flagProgs, errText(firstErr))
	var never []string
	for name := range names {
		if seen[name] == 0 {
			never = append(never, name)
		}
	}
	sort.Strings(never)
	report(len(never) == 0, "linux/%v: every call of %v was generated (%d calls in all) %v",
		arch, *flagFile, sum(seen), never)
}

// roundTrip does what prog's TestSerializeDeserializeRandom does: the
// program's encoding for syz-executor is the same after its text is parsed
// back.
func roundTrip(p *prog.Prog) error {
	exec0, err := p.SerializeForExec()
	if err != nil {
		return err
	}
	p1, err := p.Target.Deserialize(p.Serialize(), prog.NonStrict)
	if err != nil {
		return err
	}
	exec1, err := p1.SerializeForExec()
	if err != nil {
		return err
	}
	if !bytes.Equal(exec0, exec1) {
		return fmt.Errorf("the encoding differs after a round trip:\n%s", p1.Serialize())
	}
	return nil
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return "\n\t" + strings.ReplaceAll(err.Error(), "\n", "\n\t")
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func main() {
	flag.Parse()
	desc := ast.ParseGlob(filepath.Join("sys", targets.Linux, "*.txt"), nil)
	consts := compiler.DeserializeConstFile(filepath.Join("sys", targets.Linux, "*.const"), nil)
	if desc == nil || consts == nil {
		report(false, "sys/linux parses, with its constant files")
		os.Exit(1)
	}
	names := fileCalls(desc)
	report(len(names) > 0, "%v declares %d calls", *flagFile, len(names))
	for _, arch := range strings.Split(*flagArches, ",") {
		compileArch(desc, consts, arch, names)
		checkTarget(arch, names)
	}
	if failed {
		os.Exit(1)
	}
}
