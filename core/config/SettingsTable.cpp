// The tables `ganscope settings` prints, built from the schema so they cannot go stale:
// aligned text for a terminal, Markdown for README.md (a test checks README against it).
#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "config/Settings.h"
#include "objectives/Registry.h"

namespace gs {
namespace {

using Row = std::vector<std::string>;

struct Table {
  Row header;
  std::vector<Row> rows;
};

const Row kFixedHeader = {"key", "type", "range / choices", "default", "rebuilds", "help"};
const Row kObjectiveHeader = {"objective", "key", "type", "range", "default", "rebuilds", "help"};
const char* kObjectiveIntro = "Parameters of each objective, set as objective.<key> next to objective.name:";

Row specRow(const SettingSpec& s) {
  return {s.key, settingTypeName(s.type), settingDomainText(s), s.defaultText, s.rebuilds ? "yes" : "", s.help};
}

Table fixedTable() {
  Table t{kFixedHeader, {}};
  for (auto& s : settingSpecs()) t.rows.push_back(specRow(s));
  return t;
}

Table objectiveTable() {
  Table t{kObjectiveHeader, {}};
  for (auto& name : objectiveNames())
    for (auto& s : objectiveSettingSpecs(name)) {
      Row r = specRow(s);
      r.insert(r.begin(), name);
      t.rows.push_back(std::move(r));
    }
  return t;
}

// Terminal columns: code points, not bytes (help text has β, ‖, ∇).
size_t displayWidth(const std::string& s) {
  return size_t(
      std::count_if(s.begin(), s.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
}

// Splits at spaces into lines of at most width columns (a longer word gets a line alone).
std::vector<std::string> wrap(const std::string& text, size_t width) {
  std::vector<std::string> lines;
  std::string line, word;
  std::istringstream in(text);
  while (in >> word) {
    if (!line.empty() && displayWidth(line) + 1 + displayWidth(word) > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

// Long cells (dataset names, help) wrap inside their column so the table fits a terminal.
std::string renderText(const Table& t) {
  const size_t n = t.header.size();
  std::vector<size_t> limit(n, 1000);
  limit[n - 1] = 56;  // help
  for (size_t c = 0; c < n; ++c)
    if (t.header[c].rfind("range", 0) == 0) limit[c] = 32;
  std::vector<std::vector<std::vector<std::string>>> cells;
  std::vector<size_t> width(n, 0);
  auto measure = [&](const Row& r) {
    std::vector<std::vector<std::string>> wrapped(n);
    for (size_t c = 0; c < n; ++c) {
      wrapped[c] = wrap(r[c], limit[c]);
      for (auto& line : wrapped[c]) width[c] = std::max(width[c], displayWidth(line));
    }
    cells.push_back(std::move(wrapped));
  };
  measure(t.header);
  for (auto& r : t.rows) measure(r);

  std::string out;
  auto emitLine = [&](const std::vector<std::string>& parts) {
    std::string line;
    for (size_t c = 0; c < n; ++c) {
      line += parts[c];
      if (c + 1 < n) line += std::string(width[c] - displayWidth(parts[c]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  for (size_t r = 0; r < cells.size(); ++r) {
    size_t height = 0;
    for (auto& cell : cells[r]) height = std::max(height, cell.size());
    for (size_t i = 0; i < height; ++i) {
      std::vector<std::string> parts(n);
      for (size_t c = 0; c < n; ++c) parts[c] = i < cells[r][c].size() ? cells[r][c][i] : "";
      emitLine(parts);
    }
    if (r == 0) {
      std::vector<std::string> rule(n);
      for (size_t c = 0; c < n; ++c) rule[c] = std::string(width[c], '-');
      emitLine(rule);
    }
  }
  return out;
}

// Markdown would read '|' as a column break and "<key>" as an HTML tag.
std::string markdownEscape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '|')
      out += "\\|";
    else if (ch == '<')
      out += "&lt;";
    else if (ch == '>')
      out += "&gt;";
    else
      out += ch;
  }
  return out;
}

std::string code(const std::string& s) { return s.empty() ? "" : "`" + s + "`"; }

std::string renderMarkdown(const Table& t) {
  std::string out = "|";
  for (auto& h : t.header) out += " " + h + " |";
  out += "\n|";
  for (size_t c = 0; c < t.header.size(); ++c) out += "---|";
  out += "\n";
  for (auto& r : t.rows) {
    out += "|";
    for (size_t c = 0; c < r.size(); ++c) {
      const std::string& h = t.header[c];
      const bool literal = h == "key" || h == "objective" || h == "default";
      out += " " + (literal ? code(r[c]) : markdownEscape(r[c])) + " |";
    }
    out += "\n";
  }
  return out;
}

}  // namespace

std::string settingsText() {
  return "Config keys (JSON sections as dotted names; set with --set KEY=VALUE):\n\n" + renderText(fixedTable()) +
         "\n" + kObjectiveIntro + "\n\n" + renderText(objectiveTable());
}

std::string settingsMarkdown() {
  std::string intro = kObjectiveIntro;
  for (const char* word : {"objective.<key>", "objective.name"}) {
    const auto at = intro.find(word);
    intro.replace(at, std::string(word).size(), code(word));
  }
  return renderMarkdown(fixedTable()) + "\n" + intro + "\n\n" + renderMarkdown(objectiveTable());
}

}  // namespace gs
