// Running one script's commands (script_runner.h). cm::Linker is being written on another
// branch: until its definition is in the build (CMake looks for it and sets
// SABLE_CM_WAST_INSTANTIATE), instantiation and calls are skipped with that reason while
// compile-only commands run.
#include "script_runner.h"

#include <cctype>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "component_const.h"
#include "sable/component.h"
#include "sable/component_linker.h"
#include "sable/component_wave.h"
#include "sable/store.h"
#include "sexpr.h"

namespace sable::cmwast {
namespace {

CommandResult outcome(const ManifestCommand& command, Outcome o, std::string note = {}) {
  return CommandResult{command.kind, o, std::move(note), std::nullopt};
}

// An action: `(invoke "f" args...)`, optionally `(invoke $i "f" ...)`.
struct Invocation {
  std::string instance;  // "" for the most recent one
  std::string func;
  std::vector<cm::Val> args;
};

Result<Invocation> readInvocation(const SExpr& form) {
  if (form.head() != "invoke")
    return Error{ErrorKind::Malformed, Error::kNoOffset, "expected (invoke ...)"};
  Invocation call;
  size_t i = 1;
  if (i < form.items.size() && !form.items[i].isList && !form.items[i].quoted)
    call.instance = form.items[i++].atom;
  if (i >= form.items.size() || !form.items[i].quoted) {
    return Error{ErrorKind::Malformed, Error::kNoOffset, "invoke needs a function name"};
  }
  call.func = form.items[i++].atom;
  for (; i < form.items.size(); ++i) {
    Result<cm::Val> v = constToVal(form.items[i]);
    if (!v) return v.error();
    call.args.push_back(std::move(*v));
  }
  return call;
}

// An assert_return/assert_trap/invoke text, read into its invocation and expectations.
struct Action {
  Invocation call;
  std::vector<cm::Val> expected;  // assert_return
  std::string trapMessage;        // assert_trap
};

Result<Action> readAction(const ManifestCommand& command) {
  Result<SExpr> form = parseSExpr(command.text);
  if (!form) return form.error();
  if (command.kind == "invoke") {
    Result<Invocation> call = readInvocation(*form);
    if (!call) return call.error();
    return Action{std::move(*call), {}, {}};
  }
  if (form->items.size() < 2 || !form->items[1].isList) {
    return Error{ErrorKind::Malformed, Error::kNoOffset,
                 "expected (" + command.kind + " (invoke ...) ...)"};
  }
  Result<Invocation> call = readInvocation(form->items[1]);
  if (!call) return call.error();
  Action action{std::move(*call), {}, {}};
  for (size_t i = 2; i < form->items.size(); ++i) {
    const SExpr& item = form->items[i];
    if (command.kind == "assert_trap" && item.quoted) {
      action.trapMessage = item.atom;
      continue;
    }
    Result<cm::Val> v = constToVal(item);
    if (!v) return v.error();
    action.expected.push_back(std::move(*v));
  }
  return action;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

#if SABLE_CM_WAST_INSTANTIATE
Result<cm::ComponentInstance> instantiateIn(const Engine& engine, Store& store,
                                            const cm::Component& c) {
  return cm::Linker(engine).instantiate(store, c);
}
Result<std::vector<cm::Val>> callExport(Store& store, const cm::ComponentInstance& instance,
                                        std::string_view name, std::span<const cm::Val> args) {
  Result<cm::ComponentFunc> func = instance.getFunc(name);
  if (!func) return func.error();
  return func->call(store, args);
}
#else
Error notInThisBuild() {
  return Error{ErrorKind::Unsupported, Error::kNoOffset,
               "cm::Linker is not implemented in this build"};
}
Result<cm::ComponentInstance> instantiateIn(const Engine&, Store&, const cm::Component&) {
  return notInThisBuild();
}
Result<std::vector<cm::Val>> callExport(Store&, const cm::ComponentInstance&, std::string_view,
                                        std::span<const cm::Val>) {
  return notInThisBuild();
}
#endif

// The `$Name`s of `(component definition $Name ...)` in the script's source, in order: the
// manifest lists definitions without their names, and component-instance names them.
std::vector<std::string> definitionNames(const ManifestScript& script) {
  std::filesystem::path source = script.directory.parent_path().parent_path().parent_path() /
                                 "source" / "test" / script.folder / (script.name + ".wast");
  std::ifstream in(source);
  std::stringstream text;
  text << in.rdbuf();
  std::string all = text.str();
  std::vector<std::string> names;
  const std::string marker = "(component definition ";
  for (size_t at = all.find(marker); at != std::string::npos; at = all.find(marker, at + 1)) {
    size_t start = at + marker.size();
    size_t end = all.find_first_of(" \t\r\n()", start);
    names.push_back(all.substr(start, end - start));
  }
  return names;
}

std::string describeVals(std::span<const cm::Val> vals) {
  std::string out = "(";
  for (size_t i = 0; i < vals.size(); ++i) out += (i ? ", " : "") + cm::toWave(vals[i]);
  return out + ")";
}

// The state of one script: its store, kept definitions and instances.
class ScriptRun {
 public:
  ScriptRun(const Engine& engine, const ManifestScript& script)
      : engine_(engine), script_(script), store_(engine), names_(definitionNames(script)) {}

  CommandResult run(const ManifestCommand& command) {
    if (command.parseError)
      return outcome(command, Outcome::Skipped, "the converter could not parse this component");
    const std::string& k = command.kind;
    if (k == "component") return component(command);
    if (k == "component-definition") return definition(command);
    if (k == "component-instance") return instance(command);
    if (k == "assert_invalid" || k == "assert_malformed") return invalid(command);
    if (k == "assert_unlinkable") return unlinkable(command);
    if (k == "assert_return" || k == "assert_trap" || k == "invoke") return action(command);
    return outcome(command, Outcome::Skipped, "unknown command kind");
  }

 private:
  Result<cm::Component> compile(const ManifestCommand& command) {
    std::ifstream in(script_.directory / command.file, std::ios::binary);
    if (!in) return Error{ErrorKind::Io, Error::kNoOffset, "cannot read " + command.file};
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    return cm::Component::compile(engine_, bytes);
  }

  // Sets the current instance (or why there is none) after a component or component-instance.
  CommandResult instantiate(const ManifestCommand& command, const cm::Component& component,
                            const std::string& name) {
    Result<cm::ComponentInstance> made = instantiateIn(engine_, store_, component);
    if (!made) {
      noInstance_ = "instantiation failed: " + made.error().toString();
      current_.reset();
      return outcome(
          command, made.error().kind == ErrorKind::Unsupported ? Outcome::Skipped : Outcome::Failed,
          noInstance_);
    }
    current_ = *made;
    if (!name.empty()) named_.insert_or_assign(name, *made);
    noInstance_.clear();
    return outcome(command, Outcome::Passed);
  }

  CommandResult component(const ManifestCommand& command) {
    Result<cm::Component> c = compile(command);
    if (!c) {
      bool unsupported = c.error().kind == ErrorKind::Unsupported;
      noInstance_ =
          (unsupported ? "component refused as unsupported: " : "component failed to compile: ") +
          c.error().toString();
      current_.reset();
      skipFollowing_ = unsupported;
      return outcome(command, unsupported ? Outcome::Skipped : Outcome::Failed, noInstance_);
    }
    skipFollowing_ = false;
    CommandResult r = instantiate(command, *c, "");
    skipFollowing_ = r.outcome == Outcome::Skipped;
    return r;
  }

  CommandResult definition(const ManifestCommand& command) {
    std::string name = definitionCount_ < names_.size() ? names_[definitionCount_] : "";
    ++definitionCount_;
    Result<cm::Component> c = compile(command);
    if (!c) {
      definitionErrors_.insert_or_assign(name, c.error());
      lastDefinitionError_ = c.error();
      lastDefinition_.reset();
      bool unsupported = c.error().kind == ErrorKind::Unsupported;
      return outcome(command, unsupported ? Outcome::Skipped : Outcome::Failed,
                     c.error().toString());
    }
    definitions_.insert_or_assign(name, *c);
    definitionErrors_.erase(name);
    lastDefinition_ = *c;
    return outcome(command, Outcome::Passed);
  }

  // (component instance $i $Def): the named definition, else the most recent one.
  CommandResult instance(const ManifestCommand& command) {
    Result<SExpr> form = parseSExpr(command.text);
    if (!form || form->items.size() != 4)
      return outcome(command, Outcome::Failed, "cannot read " + command.text);
    const std::string& defName = form->items[3].atom;
    const cm::Component* def = lastDefinition_ ? &*lastDefinition_ : nullptr;
    const Error* defError = lastDefinitionError_ ? &*lastDefinitionError_ : nullptr;
    if (auto it = definitions_.find(defName); it != definitions_.end()) {
      def = &it->second;
      defError = nullptr;
    }
    if (auto it = definitionErrors_.find(defName); it != definitionErrors_.end()) {
      def = nullptr;
      defError = &it->second;
    }
    if (!def) {
      bool unsupported = defError && defError->kind == ErrorKind::Unsupported;
      noInstance_ = "definition " + defName + " did not compile" +
                    (defError ? ": " + defError->toString() : "");
      current_.reset();
      skipFollowing_ = unsupported;
      return outcome(command, unsupported ? Outcome::Skipped : Outcome::Failed, noInstance_);
    }
    CommandResult r = instantiate(command, *def, form->items[2].atom);
    skipFollowing_ = r.outcome == Outcome::Skipped;
    return r;
  }

  CommandResult invalid(const ManifestCommand& command) {
    Result<cm::Component> c = compile(command);
    if (c) return outcome(command, Outcome::Failed, "compiled, expected: " + command.message);
    if (c.error().kind == ErrorKind::Unsupported) {
      return outcome(command, Outcome::Skipped, "refused as unsupported: " + c.error().toString());
    }
    CommandResult r = outcome(command, Outcome::Passed);
    r.messageMatched = messageMatches(command.message, c.error().message);
    if (!*r.messageMatched)
      r.note = "expected \"" + command.message + "\", got " + c.error().toString();
    return r;
  }

  CommandResult unlinkable(const ManifestCommand& command) {
    Result<cm::Component> c = compile(command);
    if (!c) {
      bool unsupported = c.error().kind == ErrorKind::Unsupported;
      return outcome(command, unsupported ? Outcome::Skipped : Outcome::Failed,
                     c.error().toString());
    }
    Result<cm::ComponentInstance> made = instantiateIn(engine_, store_, *c);
    if (!made && made.error().kind == ErrorKind::Unsupported) {
      return outcome(command, Outcome::Skipped, made.error().toString());
    }
    if (made) {
      return outcome(command, Outcome::Failed, "instantiated, expected: " + command.message);
    }
    CommandResult r = outcome(
        command, made.error().kind == ErrorKind::Unlinkable ? Outcome::Passed : Outcome::Failed,
        made.error().toString());
    r.messageMatched = messageMatches(command.message, made.error().message);
    return r;
  }

  CommandResult action(const ManifestCommand& command) {
    if (command.text.starts_with("(assert_trap (component")) {
      return outcome(command, Outcome::Skipped,
                     "instantiation trap of an inline component: not converted");
    }
    Result<Action> a = readAction(command);
    if (!a)
      return outcome(command, Outcome::Failed, "cannot read the command: " + a.error().toString());
    std::optional<cm::ComponentInstance> target = current_;
    if (!a->call.instance.empty()) {
      auto it = named_.find(a->call.instance);
      target = it == named_.end() ? std::nullopt : std::optional(it->second);
    }
    if (!target) {
      return outcome(
          command, skipFollowing_ ? Outcome::Skipped : Outcome::Failed,
          "no instance: " + (noInstance_.empty() ? std::string("none yet") : noInstance_));
    }
    Result<std::vector<cm::Val>> results = callExport(store_, *target, a->call.func, a->call.args);
    if (command.kind == "assert_trap") return judgeTrap(command, *a, results);
    if (!results) return outcome(command, Outcome::Failed, results.error().toString());
    if (command.kind == "invoke" || *results == a->expected)
      return outcome(command, Outcome::Passed);
    return outcome(command, Outcome::Failed,
                   "expected " + describeVals(a->expected) + ", got " + describeVals(*results));
  }

  CommandResult judgeTrap(const ManifestCommand& command, const Action& a,
                          const Result<std::vector<cm::Val>>& results) {
    if (results)
      return outcome(command, Outcome::Failed,
                     "returned " + describeVals(*results) + ", expected a trap");
    if (results.error().kind != ErrorKind::Trap) {
      return outcome(command, Outcome::Failed,
                     "expected a trap, got " + results.error().toString());
    }
    CommandResult r = outcome(command, Outcome::Passed);
    r.messageMatched = messageMatches(a.trapMessage, results.error().message);
    if (!*r.messageMatched)
      r.note = "expected \"" + a.trapMessage + "\", got " + results.error().message;
    return r;
  }

  const Engine& engine_;
  const ManifestScript& script_;
  Store store_;
  std::vector<std::string> names_;
  size_t definitionCount_ = 0;
  std::map<std::string, cm::Component> definitions_;
  std::map<std::string, Error> definitionErrors_;
  std::optional<cm::Component> lastDefinition_;
  std::optional<Error> lastDefinitionError_;
  std::optional<cm::ComponentInstance> current_;
  std::map<std::string, cm::ComponentInstance> named_;
  std::string noInstance_;      // why there is no current instance
  bool skipFollowing_ = false;  // the current component was skipped: so are its invokes
};

}  // namespace

bool messageMatches(std::string_view expected, std::string_view actual) {
  return lower(actual).find(lower(expected)) != std::string::npos;
}

std::string scriptSkipReason(const ManifestScript& script) {
  if (script.folder == "async")
    return "async/: the async ABI, streams and futures are gated features";
  return {};
}

ScriptResults runScript(const Engine& engine, const ManifestScript& script) {
  ScriptResults results{script.folder, script.name, {}};
  std::string skip = scriptSkipReason(script);
  if (!skip.empty()) {
    for (const ManifestCommand& command : script.commands) {
      results.commands.push_back(outcome(command, Outcome::Skipped, skip));
    }
    return results;
  }
  ScriptRun run(engine, script);
  for (const ManifestCommand& command : script.commands)
    results.commands.push_back(run.run(command));
  return results;
}

}  // namespace sable::cmwast
