// The monthly statement as a page for people: statement.json in, statement.html out.
//
// statement.html is the published statement's figures (docs/statements.md, "The files") for
// residents reading it on a phone or on the notice board: Chinese first with English, one
// self-contained HTML5 file (inline CSS and inline SVG charts; no scripts, fonts, images or
// URLs, so it opens offline), laid out for narrow screens and for A4 print. Its sections follow
// domain.md ("Statements and publication"): header and funds, receipts, collection rate and
// arrears, payments, spending by head, remuneration, public revenue, repair fund, the journal
// digest, units published, and how to verify the signed statement.
//
// The layout (markup, CSS, bilingual labels) is reports/statement/page.html and its partials;
// this function builds their view model. Every text taken from the JSON is HTML-escaped. Any
// member may be absent or empty; what is missing is shown as "—" or the section says there is
// nothing to show. Charts are scaled with integer arithmetic on fen and hundredths of a percent;
// a figure that does not parse is shown as text and drawn as zero. The output depends only on the
// input: the same JSON gives the same bytes (statement.html is hashed into manifest.json).
//
// Thread-safety: a pure function; call it from any thread.
#pragma once

#include <string>
#include <string_view>

namespace trustfund::statements {

// Renders `statement_json` (the members of docs/statements.md) as statement.html, UTF-8.
// Throws Error::invalid("statement-json", "statement") if it is not JSON as json::parse reads it
// (core/json.h: a member given twice or a number with a fraction is refused too) or not a JSON
// object.
std::string statement_html(std::string_view statement_json);

}  // namespace trustfund::statements
