/*
 * Message table "tia": the words of the transfer-impact records in Swedish and
 * English (ids "tia.KEY"). See include/tiacheck/i18n.h.
 *
 *   tia.line.*     why the score: one sentence per factor (module tia)
 *   tia.action.*   what the DPO must do (module tia)
 *   tia.*          the record's groups, headings and labels (module tia_render)
 *
 * Texts with % are printf formats: the same conversions, in the same order, in both
 * languages.
 */
#include "tiacheck/i18n.h"

const tc_msg tc_msgs_tia[] = {
	/* score lines */
	{ "tia.line.dest_adequate",
	  "Mottagarland %s: beslut om adekvat skyddsnivå, ingen ytterligare skyddsåtgärd krävs.",
	  "Destination %s: adequacy decision, no further tool needed." },
	{ "tia.line.dest_partial_dpf",
	  "Mottagarland %s: partiell adekvat skyddsnivå, omfattas bara genom registrerat "
	  "DPF-deltagande.",
	  "Destination %s: partial adequacy, covered only by the recorded DPF evidence." },
	{ "tia.line.dest_partial_dpf_checked",
	  "Mottagarland %s: partiell adekvat skyddsnivå, omfattas bara genom registrerat "
	  "DPF-deltagande kontrollerat %s.",
	  "Destination %s: partial adequacy, covered only by the recorded DPF evidence checked "
	  "%s." },
	{ "tia.line.dest_partial_scope",
	  "Mottagarland %s: partiell adekvat skyddsnivå, omfattas bara genom registrerat underlag.",
	  "Destination %s: partial adequacy, covered only by the recorded scope evidence." },
	{ "tia.line.dest_no_tool",
	  "Mottagarland %s: behandlas som tredjeland och ingen överföringsmekanism täcker det.",
	  "Destination %s: treated as a third country and no transfer tool covers it." },
	{ "tia.line.dest_tool",
	  "Mottagarland %s: behandlas som tredjeland; vilar på %s, som kräver denna bedömning "
	  "och kompletterande skyddsåtgärder.",
	  "Destination %s: treated as a third country; relies on %s, which needs this "
	  "assessment and supplementary measures." },
	{ "tia.line.data", "Uppgifter: %s: högsta vikt %d.", "Data: %s: highest weight %d." },
	{ "tia.line.data_special",
	  "Uppgifter: %s: högsta vikt %d; särskilda kategorier (art. 9/10) väger tyngst.",
	  "Data: %s: highest weight %d; special categories (Art. 9/10) weigh most." },
	{ "tia.line.data_pnr",
	  "Uppgifter: %s: högsta vikt %d; personnummer är ett nationellt identifikationsnummer "
	  "och väger tyngst.",
	  "Data: %s: highest weight %d; personnummer is a national identification number and "
	  "weighs most." },
	{ "tia.line.exposure_stored", "Exponering: uppgifterna lagras eller behandlas där (+2).",
	  "Exposure: the data is stored or processed there (+2)." },
	{ "tia.line.exposure_remote", "Exponering: fjärråtkomst eller support därifrån (+1).",
	  "Exposure: remote access or support from there (+1)." },
	{ "tia.line.exposure_parent",
	  "Exponering: moderbolaget %s finns där och kan tvingas lämna ut uppgifter (+1).",
	  "Exposure: parent company %s is there and can be compelled to give access (+1)." },
	{ "tia.line.exposure_chain",
	  "Exponering: %d länk(ar) till i kedjan (leverantörens underbiträde) (+%d).",
	  "Exposure: %d more link(s) in the chain (a sub-processor of the vendor) (+%d)." },
	{ "tia.line.measures_keys", "Skyddsåtgärder: kryptering med nycklar som hålls inom EU (-2).",
	  "Measures: encryption with keys held in the EU (-2)." },
	{ "tia.line.measures_pseudonymised",
	  "Skyddsåtgärder: uppgifterna pseudonymiseras före överföring (-1).",
	  "Measures: data pseudonymised before transfer (-1)." },
	/* actions */
	{ "tia.action.watch_adequacy",
	  "Bevaka beslutet om adekvat skyddsnivå för %s (referensdata kontrollerade %s).",
	  "Keep the adequacy decision for %s under watch (reference data checked %s)." },
	{ "tia.action.recheck_dpf",
	  "Kontrollera %s på DPF-listan (%s) igen före %s, och genast om DPF:s giltighet ändras "
	  "(överklagandet C-703/25 P pågår); utan den saknar flödet överföringsmekanism.",
	  "Re-check %s on the DPF participant list (%s) before %s, and at once if the DPF's "
	  "validity changes (appeal C-703/25 P is pending); without it this flow has no "
	  "transfer tool." },
	{ "tia.action.check_dpf",
	  "Kontrollera %s på DPF-listan och registrera status och datum, eller inför "
	  "standardavtalsklausuler.",
	  "Check %s on the DPF participant list and record status and date, or put standard "
	  "contractual clauses in place." },
	{ "tia.action.put_tool",
	  "Inför en överföringsmekanism för %s (standardavtalsklausuler 2021/914) eller upphör "
	  "med överföringen.",
	  "Put a transfer tool in place for %s (standard contractual clauses 2021/914) or stop "
	  "the transfer." },
	{ "tia.action.art49",
	  "Undantag enligt artikel 49 gäller bara tillfälliga överföringar: bekräfta att denna "
	  "är tillfällig eller inför standardavtalsklausuler.",
	  "Art. 49 derogations are for occasional transfers only: confirm this one is "
	  "occasional or put SCCs in place." },
	{ "tia.action.document",
	  "Dokumentera bedömningen av lagstiftning och praxis i %s och de kompletterande "
	  "skyddsåtgärderna (kryptering med nycklar inom EU, pseudonymisering, "
	  "åtkomstkontroll).",
	  "Document the assessment of the law and practice in %s and the supplementary "
	  "measures (encryption with EU-held keys, pseudonymisation, access controls)." },
	{ "tia.action.pnr_justified",
	  "Personnummer når %s: bekräfta att det är klart motiverat (dataskyddslagen 2018:218 "
	  "3 kap. 10 §); motivering finns registrerad.",
	  "Personnummer reaches %s: confirm it is clearly justified (Data Protection Act "
	  "2018:218 ch. 3 s. 10); a justification is recorded." },
	{ "tia.action.pnr_unjustified",
	  "Personnummer når %s: bekräfta att det är klart motiverat (dataskyddslagen 2018:218 "
	  "3 kap. 10 §); ingen motivering är registrerad.",
	  "Personnummer reaches %s: confirm it is clearly justified (Data Protection Act "
	  "2018:218 ch. 3 s. 10); no justification is recorded." },
	{ "tia.action.special",
	  "Särskilda kategorier (art. 9/10) lämnar EU/EES: bekräfta undantaget enligt art. 9 "
	  "och starka kompletterande skyddsåtgärder.",
	  "Special categories (Art. 9/10) leave the EU/EEA: confirm the Art. 9 exemption and "
	  "strong supplementary measures." },
	{ "tia.action.government_access",
	  "Begär %s åtaganden om myndigheters begäran om åtkomst (bestrida, underrätta, "
	  "transparensrapport) och registrera dem som skyddsåtgärder.",
	  "Ask %s for its commitments on government access requests (challenge, notify, "
	  "transparency report) and record them as measures." },
	{ "tia.action.notice_period",
	  "Kontrollera uppsägningstid och rätt att invända mot nya underbiträden i %ss "
	  "personuppgiftsbiträdesavtal.",
	  "Check the notice period and right to object for new sub-processors in %s's DPA." },
	{ "tia.action.record_decision",
	  "Registrera dataskyddsombudets beslut för %s i katalogen ('decision': outcome, by, "
	  "date, next_review).",
	  "Record the DPO's decision for %s in the catalogue ('decision': outcome, by, date, "
	  "next_review)." },
	{ "tia.action.review_decision", "Beslutet från %s (%ld dagar gammalt) ska omprövas.",
	  "The decision of %s (%ld days old) is due for review." },
	/* the record's groups */
	{ "tia.none_recorded", "inga registrerade", "none recorded" },
	{ "tia.none_recorded_one", "inget registrerat", "none recorded" },
	{ "tia.not_recorded", "inte registrerat", "not recorded" },
	{ "tia.none_known", "inga kända", "none known" },
	{ "tia.legal_dpf", "; DPF-sida %s, status '%s', kontrollerad %s (för %ld dagar sedan)",
	  "; DPF page %s, status '%s', checked %s (%ld days ago)" },
	{ "tia.legal_module", "; modul %s", "; module %s" },
	{ "tia.legal_ground", "; grund: %s", "; ground: %s" },
	{ "tia.laws_none",
	  "inte registrerade i referensdata: bedöm mottagarlandets lagar om myndigheters åtkomst",
	  "not recorded in the reference data: assess the destination's laws on "
	  "public-authority access" },
	{ "tia.measure_keys", "kryptering med nycklar inom EU", "encryption with keys held in the EU" },
	{ "tia.measure_pseudonymised", "pseudonymisering", "pseudonymisation" },
	{ "tia.form_keys", "krypterade (nycklar inom EU)", "encrypted (keys in the EU)" },
	{ "tia.form_pseudonymised", "pseudonymiserade", "pseudonymised" },
	{ "tia.form_clear", "i klartext hos mottagaren (inget annat registrerat)",
	  "in clear at the importer (not recorded otherwise)" },
	/* the document */
	{ "tia.title", "Konsekvensbedömning av överföringar", "Transfer-impact assessment" },
	{ "tia.intro",
	  "Datum %s. En post per dataflöde som lämnar EU/EES, enligt EDPB:s rekommendationer "
	  "01/2020 (sex steg). Referensdata kontrollerade %s.",
	  "Date %s. One record per data flow that leaves the EU/EEA, following EDPB "
	  "Recommendations 01/2020 (six steps). Reference data checked %s." },
	{ "tia.no_flows", "Inga dataflöden lämnar EU/EES.", "No data flow leaves the EU/EEA." },
	{ "tia.col.no", "Nr", "No." },
	{ "tia.col.service", "Tjänst", "Service" },
	{ "tia.col.importer", "Mottagare", "Importer" },
	{ "tia.col.country", "Land", "Country" },
	{ "tia.col.class", "Klassificering", "Classification" },
	{ "tia.col.mechanism", "Mekanism", "Mechanism" },
	{ "tia.col.score", "Poäng", "Score" },
	{ "tia.col.rating", "Bedömning", "Rating" },
	{ "tia.s1", "1. Identitet (EDPB steg 1: känn till överföringen)",
	  "1. Identity (EDPB step 1: know the transfer)" },
	{ "tia.exporter", "Exportör", "Exporter" },
	{ "tia.importer_role", "Mottagare och roll", "Importer and role" },
	{ "tia.depth", "Led i kedjan", "Depth in the chain" },
	{ "tia.depth_via", "%d (via %s)", "%d (via %s)" },
	{ "tia.parent", "Moderbolag", "Parent company" },
	{ "tia.s2", "2. Uppgifter", "2. Data" },
	{ "tia.subjects", "Registrerade", "Data subjects" },
	{ "tia.categories", "Kategorier (vikt)", "Categories (weight)" },
	{ "tia.sensitivity", "Känslighet", "Sensitivity" },
	{ "tia.sensitivity_pnr", "personnummer", "personnummer" },
	{ "tia.sensitivity_special", "särskilda kategorier", "special categories" },
	{ "tia.volume", "Omfattning och frekvens", "Volume and frequency" },
	{ "tia.form", "Form", "Form" },
	{ "tia.s3", "3. Geografi", "3. Geography" },
	{ "tia.contracting", "Avtalsland", "Contracting country" },
	{ "tia.storage", "Lagring och behandling", "Storage and processing" },
	{ "tia.remote", "Fjärråtkomst och support", "Remote access and support" },
	{ "tia.this_flow", "Detta flöde", "This flow" },
	{ "tia.onward", "Vidareöverföringar", "Onward transfers" },
	{ "tia.s4", "4. Rättslig grund för överföringen (EDPB steg 2)",
	  "4. Legal basis for the transfer (EDPB step 2)" },
	{ "tia.mechanism", "Mekanism", "Mechanism" },
	{ "tia.dpa", "Version och datum för biträdesavtalet", "DPA version and date" },
	{ "tia.authorisation", "Godkännande av underbiträden", "Sub-processor authorisation" },
	{ "tia.authorisation_value",
	  "enligt biträdesavtalet (allmänt godkännande med underrättelse; inte registrerat här)",
	  "as in the DPA (general authorisation with notice; not recorded here)" },
	{ "tia.s5", "5. Bedömning (EDPB steg 3 och 4)", "5. Assessment (EDPB steps 3 and 4)" },
	{ "tia.laws", "Lagar att beakta", "Laws of concern" },
	{ "tia.measures", "Kompletterande skyddsåtgärder", "Supplementary measures" },
	{ "tia.score", "Poäng", "Score" },
	{ "tia.bands", "0–4 grön, 5–8 gul, 9+ röd", "0–4 green, 5–8 amber, 9+ red" },
	{ "tia.s6", "6. Beslut och omprövning (EDPB steg 5 och 6)",
	  "6. Decision and review (EDPB steps 5 and 6)" },
	{ "tia.decision", "Beslut", "Decision" },
	{ "tia.days_old", "dagar gammalt", "days old" },
	{ "tia.note", "Anteckning", "Note" },
	{ "tia.next_review", "Nästa omprövning", "Next review" },
	{ "tia.evidence", "Underlag", "Evidence" },
	{ "tia.catalogue", "katalog", "catalogue" },
	{ "tia.actions", "Åtgärder", "Actions" },
	{ NULL, NULL, NULL }
};
