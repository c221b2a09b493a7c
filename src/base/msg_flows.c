/*
 * Message table "flows": the words of the flows output and of what a change means for
 * the flows, in Swedish and English. See include/tiacheck/i18n.h.
 *
 *   flows.reason.*, flows.why.*   why a flow is classified as it is (module transfer)
 *   flows.mech.*                  a mechanism inside a sentence ("an Art. 49 derogation")
 *   flows.mech_short.*, flows.*   the `tiacheck flows` table: headings, cells, summary
 *   findings.*                    the finding messages (module findings); findings.status.*
 *                                 a country status inside them, findings.term.* and
 *                                 findings.stale.* the key terms and stale mechanisms
 *
 * Texts with % are printf formats: the same conversions, in the same order, in both
 * languages.
 */
#include "tiacheck/i18n.h"

const tc_msg tc_msgs_flows[] = {
	/* why a flow is classified as it is */
	{ "flows.reason.listed_by", "Anges av %s som underbiträde.",
	  "Listed by %s as a sub-processor." },
	{ "flows.reason.parent",
	  "Moderbolaget %s i %s kan tvingas lämna ut uppgifter (t.ex. enligt CLOUD Act) även "
	  "när de lagras inom EU/EES.",
	  "The parent company %s in %s can be compelled to give access (e.g. under the CLOUD "
	  "Act) even when the data is stored in the EU/EEA." },
	{ "flows.reason.remote",
	  "Fjärråtkomst eller support från %s är en överföring även när uppgifterna lagras "
	  "inom EU/EES.",
	  "Remote access or support from %s is a transfer even when the data is stored in the "
	  "EU/EEA." },
	{ "flows.reason.eu_region", "Inom EU (medlemsland ej angivet): ingen överföring.",
	  "In the EU (member state not stated): no transfer." },
	{ "flows.reason.eu", "%s ingår i EU: ingen överföring.", "%s is in the EU: no transfer." },
	{ "flows.reason.eea_region",
	  "Inom EES (land ej angivet): ingen överföring enligt GDPR, men kontrollera vilket "
	  "land.",
	  "In the EEA (country not stated): no transfer under the GDPR, but check which "
	  "country." },
	{ "flows.reason.eea",
	  "%s ingår i EES men inte i EU: ingen överföring enligt GDPR (EES-avtalet gör GDPR "
	  "tillämplig där).",
	  "%s is in the EEA but not in the EU: no transfer under the GDPR (the EEA Agreement "
	  "applies it there)." },
	{ "flows.reason.adequate",
	  "%s har ett beslut om adekvat skyddsnivå (%s, %s): överföring tillåten utan "
	  "ytterligare skyddsåtgärder.",
	  "%s has an adequacy decision (%s of %s): transfer allowed without further tools." },
	{ "flows.reason.partial_dpf",
	  "%s: beslutet om adekvat skyddsnivå %s gäller endast organisationer på EU-US Data "
	  "Privacy Framework-listan; omfattas bara eftersom %s är registrerad som aktiv "
	  "deltagare (kontrollerad %s).",
	  "%s: the adequacy decision %s covers only organisations on the EU-US Data Privacy "
	  "Framework List; covered only because %s is recorded as an active participant "
	  "(checked %s)." },
	{ "flows.reason.partial_scope",
	  "%s: beslut om adekvat skyddsnivå %s (%s) inom ett begränsat område. Dess "
	  "tillämpningsområde: %s Omfattas eftersom katalogen anger att mottagaren ligger inom "
	  "området.",
	  "%s: adequacy decision %s (%s) within a limited scope. Its scope: %s Covered because "
	  "the catalogue records that the importer is within that scope." },
	{ "flows.reason.partial_not",
	  "%s: adekvat skyddsnivå endast inom ett begränsat område. Dess tillämpningsområde: %s "
	  "Här gäller att %s, så mottagaren behandlas som i ett tredjeland. Mekanism: %s.",
	  "%s: adequacy only within a limited scope. Its scope: %s Here %s, so it is treated "
	  "as a third country. Mechanism: %s." },
	{ "flows.reason.unknown_country",
	  "'%s' finns inte i referenstabellen och behandlas som tredjeland.",
	  "'%s' is not in the reference table and is treated as a third country." },
	{ "flows.reason.third",
	  "%s är ett tredjeland utan beslut om adekvat skyddsnivå: överföringen kräver en "
	  "överföringsmekanism (standardavtalsklausuler, BCR) och en konsekvensbedömning, "
	  "eller ett undantag enligt artikel 49. Mekanism: %s.",
	  "%s is a third country without an adequacy decision: the transfer needs a transfer "
	  "tool (SCC, BCR) and a transfer-impact assessment, or an Art. 49 derogation. "
	  "Mechanism: %s." },
	{ "flows.reason.scope_out",
	  "%s: beslutet om adekvat skyddsnivå %s omfattar inte detta flöde. Dess "
	  "tillämpningsområde: %s Tillämpad regel:",
	  "%s: the adequacy decision %s does not cover this flow. Its scope: %s Rule "
	  "applied:" },
	{ "flows.reason.scope_out_end",
	  "; därför behandlas mottagaren som i ett tredjeland. Mekanism: %s.",
	  "; so it is treated as a third country. Mechanism: %s." },
	/* the rule of a decision's scope that leaves a flow out (scope_rules codes) */
	{ "flows.scope.sector_excluded",
	  "beslutet undantar mottagare inom sektorn \"%s\", och katalogen anger att %s hör dit "
	  "('sector')",
	  "it excludes importers of the sector \"%s\", and the catalogue records %s as one "
	  "('sector')" },
	{ "flows.scope.sector_not_included",
	  "beslutet omfattar bara mottagare inom sektorerna %s, och katalogen anger %s som "
	  "\"%s\" ('sector')",
	  "it covers only importers of the sectors %s, and the catalogue records %s as \"%s\" "
	  "('sector')" },
	{ "flows.scope.region_excluded",
	  "beslutet omfattar inte %s, där katalogen placerar denna plats ('region')",
	  "it does not cover %s, where the catalogue places this location ('region')" },
	{ "flows.scope.dpf_hr",
	  "DPF-certifieringen för %s omfattar inte personaluppgifter ('hr': false), och "
	  "uppgifterna gäller %s ('subjects')",
	  "the DPF certification of %s does not cover HR data ('hr': false), and the data is "
	  "about %s ('subjects')" },
	{ "flows.scope.dpf_hr_unstated",
	  "katalogen anger inte att DPF-certifieringen för %s omfattar personaluppgifter ('hr' "
	  "saknas på DPF-mekanismen), och uppgifterna gäller %s ('subjects')",
	  "the catalogue does not record that the DPF certification of %s covers HR data ('hr' "
	  "is missing on the DPF mechanism), and the data is about %s ('subjects')" },
	/* a fact a scoped decision needs but the catalogue lacks; the grey zone */
	{ "flows.scope_missing.sector",
	  "Beslutet omfattar bara vissa mottagare: ange 'sector' för %s i katalogen så att det "
	  "kan prövas.",
	  "The decision covers only some importers: record 'sector' for %s in the catalogue so "
	  "that this can be tested." },
	{ "flows.scope_missing.subjects",
	  "Beslutet behandlar vissa grupper av registrerade olika: ange 'subjects' för tjänsten "
	  "(mottagare %s) i katalogen så att det kan prövas.",
	  "The decision treats some data-subject groups differently: record 'subjects' for the "
	  "service (importer %s) in the catalogue so that this can be tested." },
	{ "flows.scope_warn", "Gråzon för %s: %s", "Grey zone for %s: %s" },
	/* regions a decision may exclude (regions_excluded codes) */
	{ "flows.region.west_bank", "Västbanken", "the West Bank" },
	{ "flows.region.gaza", "Gaza", "Gaza" },
	{ "flows.region.golan_heights", "Golanhöjderna", "the Golan Heights" },
	{ "flows.region.east_jerusalem", "östra Jerusalem", "East Jerusalem" },
	{ "flows.why.dpf_no_url", "DPF-mekanismen saknar länk till deltagarsidan",
	  "the DPF mechanism has no participant page URL" },
	{ "flows.why.dpf_no_date", "DPF-mekanismen saknar kontrolldatum",
	  "the DPF mechanism has no check date" },
	{ "flows.why.dpf_status", "registrerad DPF-status är inte 'active'",
	  "the recorded DPF status is not 'active'" },
	{ "flows.why.dpf_stale", "DPF-statusen kontrollerades för mer än ett år sedan",
	  "the DPF status was checked more than a year ago" },
	{ "flows.why.dpf_future", "DPF-kontrolldatumet ligger i framtiden",
	  "the DPF check date is in the future" },
	{ "flows.why.dpf_none", "inget aktivt DPF-deltagande är registrerat",
	  "no active DPF participation is recorded" },
	{ "flows.why.scope",
	  "katalogen anger inte att mottagaren ligger inom beslutets tillämpningsområde",
	  "the catalogue does not record that the importer is within the decision's scope" },
	/* a mechanism inside a sentence (codes of tc_mech_type_name) */
	{ "flows.mech.adequacy", "beslut om adekvat skyddsnivå", "adequacy decision" },
	{ "flows.mech.dpf", "EU-US Data Privacy Framework", "EU-US Data Privacy Framework" },
	{ "flows.mech.scc", "standardavtalsklausuler (2021/914)",
	  "standard contractual clauses (2021/914)" },
	{ "flows.mech.bcr", "bindande företagsbestämmelser", "binding corporate rules" },
	{ "flows.mech.art49", "ett undantag enligt artikel 49", "an Art. 49 derogation" },
	{ "flows.mech.none", "ingen registrerad", "none recorded" },
	/* the flows table */
	{ "flows.head.service", "TJÄNST", "SERVICE" },
	{ "flows.head.entity", "MOTTAGARE", "ENTITY" },
	{ "flows.head.role", "ROLL", "ROLE" },
	{ "flows.head.country", "LAND", "COUNTRY" },
	{ "flows.head.kinds", "TYP", "KINDS" },
	{ "flows.head.class", "KLASS", "CLASS" },
	{ "flows.head.mechanism", "MEKANISM", "MECHANISM" },
	{ "flows.head.pnr", "PNR", "PNR" },
	{ "flows.outside", "UT", "OUT" },
	{ "flows.yes", "ja", "yes" },
	{ "flows.depth", "%s (led %d)", "%s (depth %d)" },
	{ "flows.mech_short.adequacy", "adekvansbeslut", "adequacy" },
	{ "flows.mech_short.dpf", "DPF", "DPF" },
	{ "flows.mech_short.scc", "SCC", "SCC" },
	{ "flows.mech_short.bcr", "BCR", "BCR" },
	{ "flows.mech_short.art49", "art. 49", "Art. 49" },
	{ "flows.mech_short.none", "-", "-" },
	{ "flows.summary",
	  "%zu flöden; %zu lämnar EU/EES (UT): %zu omfattas bara genom DPF, %zu utan "
	  "överföringsmekanism; %zu med personnummer.",
	  "%zu flows; %zu leave the EU/EEA (OUT): %zu covered only by the DPF, %zu without a "
	  "transfer tool; %zu with personnummer." },
	/* finding messages */
	{ "findings.no_location", "ingen angiven plats", "no location given" },
	{ "findings.and", "och", "and" },
	{ "findings.subprocessor_added", "Nytt underbiträde %s tillagt, beläget i %s.",
	  "New sub-processor %s added, located in %s." },
	{ "findings.subprocessor_removed", "Underbiträdet %s borttaget (fanns i %s).",
	  "Sub-processor %s removed (was located in %s)." },
	{ "findings.subprocessor_location_changed", "Underbiträdet %s: plats ändrad från %s till %s.",
	  "Sub-processor %s: location changed from %s to %s." },
	{ "findings.subprocessor_reworded", "Underbiträdet %s: posten omformulerad, samma plats (%s).",
	  "Sub-processor %s: entry reworded, same location (%s)." },
	{ "findings.country_added", "%s nämns nu i texten (%s).", "%s is now named in the text (%s)." },
	{ "findings.country_removed", "%s nämns inte längre i texten.",
	  "%s is no longer named in the text." },
	{ "findings.undeclared_world",
	  "Möjlig odeklarerad överföring: underbiträdet %s behandlar uppgifter i hela världen; "
	  "kontrollera vilka länder katalogen ska ange för tjänsten.",
	  "Possible undeclared transfer: sub-processor %s processes data worldwide; check which "
	  "countries the catalogue should declare for this service." },
	{ "findings.undeclared_row",
	  "Möjlig odeklarerad överföring: underbiträdet %s finns i %s (%s), som katalogen inte "
	  "anger för tjänsten.",
	  "Possible undeclared transfer: sub-processor %s is located in %s (%s), which the "
	  "catalogue does not declare for this service." },
	{ "findings.undeclared_text",
	  "Möjlig odeklarerad överföring: texten nämner %s (%s), som katalogen inte anger för "
	  "tjänsten.",
	  "Possible undeclared transfer: the text names %s (%s), which the catalogue does not "
	  "declare for this service." },
	{ "findings.term_added", "Ny text om %s.", "New text about %s." },
	{ "findings.term_removed", "Texten nämner inte längre %s.",
	  "The text no longer mentions %s." },
	{ "findings.stale_mechanism", "Texten hänvisar fortfarande till %s.",
	  "The text still relies on %s." },
	{ "findings.version_changed", "Dokumentets version ändrad från %s till %s.",
	  "Document version changed from %s to %s." },
	{ "findings.date_changed", "Dokumentets datum ändrat från %s till %s.",
	  "Document date changed from %s to %s." },
	{ "findings.version_newer", "Sidan visar %s; katalogen anger %s.",
	  "The page shows %s; the catalogue records %s." },
	/* a country status inside a finding (codes of tc_country_status_name) */
	{ "findings.status.THIRD", "tredjeland", "third country" },
	{ "findings.status.EU", "EU", "EU" },
	{ "findings.status.EEA", "EES", "EEA" },
	{ "findings.status.ADEQUATE", "beslut om adekvat skyddsnivå", "adequacy decision" },
	{ "findings.status.ADEQUATE_PARTIAL", "delvis beslut om adekvat skyddsnivå",
	  "partial adequacy decision" },
	{ "findings.status.ADEQUATE_IO", "internationell organisation",
	  "international organisation" },
	/* key terms (ids of key_terms[] in findings.c) */
	{ "findings.term.scc", "standardavtalsklausuler (SCC)", "standard contractual clauses (SCC)" },
	{ "findings.term.dpf", "EU–US Data Privacy Framework (DPF)",
	  "EU-US Data Privacy Framework (DPF)" },
	{ "findings.term.bcr", "bindande företagsbestämmelser (BCR)",
	  "binding corporate rules (BCR)" },
	{ "findings.term.adequacy", "beslut om adekvat skyddsnivå", "adequacy decision" },
	{ "findings.term.transfer", "överföring av personuppgifter", "transfers of personal data" },
	{ "findings.term.third_country", "tredjeland", "third countries" },
	{ "findings.term.subprocessor", "underbiträden", "sub-processors" },
	{ "findings.term.notice_period", "uppsägningstid / varsel", "notice period" },
	{ "findings.term.art49", "undantag i särskilda situationer (art. 49)",
	  "derogations for specific situations (Art. 49)" },
	{ "findings.term.government_access", "myndigheters begäran om åtkomst",
	  "government access requests" },
	{ "findings.term.tia", "konsekvensbedömning av överföring (TIA)",
	  "transfer impact assessment" },
	/* stale mechanisms (ids of stale_mechanisms[] in findings.c) */
	{ "findings.stale.privacy_shield", "den ogiltigförklarade Privacy Shield (Schrems II, 2020)",
	  "the invalidated EU-US Privacy Shield (Schrems II, 2020)" },
	{ "findings.stale.safe_harbor", "den ogiltigförklarade Safe Harbor (Schrems I, 2015)",
	  "the invalidated Safe Harbor (Schrems I, 2015)" },
	{ "findings.stale.old_scc", "de upphävda standardavtalsklausulerna från 2001/2004/2010",
	  "the repealed standard contractual clauses of 2001/2004/2010" },
	/* a participant's page on the DPF List (modules findings and transfer) */
	{ "flows.dpf_status.active", "aktiv deltagare", "an active participant" },
	{ "flows.dpf_status.inactive", "inaktiv", "inactive" },
	{ "flows.dpf_status.withdrawn", "inaktiv (har utträtt)", "inactive (withdrawn)" },
	{ "flows.dpf_status.unknown", "okänd (sidan går inte att läsa)",
	  "unknown (the page cannot be read)" },
	{ "flows.dpf_status.none", "ingen", "none" },
	{ "flows.dpf_hr.yes", "omfattas", "covered" },
	{ "flows.dpf_hr.no", "omfattas inte", "not covered" },
	{ "flows.dpf_hr.unknown", "framgår inte", "not shown" },
	{ "flows.dpf_evidence",
	  "Status, HR-uppgifter och kontrolldatum är hämtade från deltagarsidan på DPF-listan "
	  "(%s), hämtad %s: %s; HR-uppgifter: %s.",
	  "Status, HR coverage and the date checked are read from the participant's page on "
	  "the DPF List (%s), fetched %s: %s; HR data: %s." },
	{ "flows.dpf_evidence_unread",
	  "Deltagarsidan på DPF-listan (%s), hämtad %s, visar ingen status som går att läsa: "
	  "katalogens registrerade status gäller.",
	  "The participant's page on the DPF List (%s), fetched %s, shows no status that can "
	  "be read: the status recorded in the catalogue applies." },
	{ "flows.dpf_evidence_none",
	  "Deltagarsidan på DPF-listan (%s) har ännu inte hämtats utan fel: katalogens "
	  "registrerade status gäller.",
	  "The participant's page on the DPF List (%s) has not been fetched successfully yet: "
	  "the status recorded in the catalogue applies." },
	{ "findings.dpf_status_changed", "%s: status på DPF-listan ändrad från %s till %s. %s",
	  "%s: status on the DPF List changed from %s to %s. %s" },
	{ "findings.dpf_status_first", "%s: DPF-listan visar inte en aktiv deltagare (status: "
	  "%s). %s",
	  "%s: the DPF List does not show an active participant (status: %s). %s" },
	{ "findings.dpf_not_covered",
	  "Överföringar till USA som bygger på DPF omfattas inte längre: använd "
	  "standardavtalsklausuler (SCC) eller stoppa överföringen.",
	  "Transfers to the United States that rely on the DPF are no longer covered: use "
	  "standard contractual clauses (SCC) or stop the transfer." },
	{ "findings.dpf_unreadable",
	  "Katalogens registrerade status gäller tills sidan går att läsa; kontrollera sidan "
	  "och dokumentets \"render\" (listan byggs med skript).",
	  "The status recorded in the catalogue applies until the page can be read; check the "
	  "page and the document's \"render\" (the list is built by scripts)." },
	{ "findings.dpf_now_covered",
	  "Överföringar som bygger på DPF omfattas igen; kontrollera sidan och katalogen.",
	  "Transfers that rely on the DPF are covered again; check the page and the catalogue." },
	{ "findings.dpf_hr_changed", "%s: HR-uppgifter i DPF-certifieringen: %s, nu %s. %s",
	  "%s: HR data in the DPF certification: was %s, now %s. %s" },
	{ "findings.dpf_hr_lost",
	  "Tjänsten behandlar uppgifter om anställda eller sökande (HR): de överföringarna "
	  "omfattas inte längre av DPF; använd SCC.",
	  "The service holds employees' or applicants' data (HR): those transfers are no "
	  "longer covered by the DPF; use SCC." },
	{ "findings.dpf_hr_lost_none",
	  "Katalogen anger inga HR-grupper för tjänsten; kontrollera att inga "
	  "HR-uppgifter överförs.",
	  "The catalogue lists no HR groups for the service; check that no HR data is "
	  "transferred." },
	{ "findings.dpf_hr_now", "HR-uppgifter omfattas nu av certifieringen.",
	  "HR data is now covered by the certification." },
	{ "findings.dpf_hr_unknown", "Sidan visar inte längre om HR-uppgifter omfattas.",
	  "The page no longer shows whether HR data is covered." },
	{ NULL, NULL, NULL }
};
