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
	  "Mottagarland %s: adekvat skyddsnivå inom ett begränsat område; katalogen anger att "
	  "mottagaren ligger inom det.",
	  "Destination %s: adequacy within a limited scope; the catalogue records that this "
	  "importer is within it." },
	{ "tia.line.dest_no_tool",
	  "Mottagarland %s: behandlas som tredjeland och ingen överföringsmekanism täcker det "
	  "(minst %d: röd oavsett uppgifter).",
	  "Destination %s: treated as a third country and no transfer tool covers it (at "
	  "least %d: red whatever the data)." },
	{ "tia.line.dest_tool",
	  "Mottagarland %s: behandlas som tredjeland; vilar på %s, som kräver denna bedömning "
	  "och kompletterande skyddsåtgärder.",
	  "Destination %s: treated as a third country; relies on %s, which needs this "
	  "assessment and supplementary measures." },
	{ "tia.line.dest_art49",
	  "Mottagarland %s: ingen överföringsmekanism; vilar på ett undantag enligt artikel 49 "
	  "(%s), som bara tillåter tillfälliga överföringar som inte upprepas och uppfyller "
	  "villkoren för just den grunden. Ett undantag är ingen överföringsmekanism och "
	  "poängsätts inte som en (%d för att vila på ett undantag).",
	  "Destination %s: no transfer tool; relies on an Art. 49 derogation (%s), which "
	  "allows only occasional transfers that are not repetitive and meet the conditions of "
	  "that specific ground. A derogation is not a transfer tool and is not scored as one "
	  "(%d for relying on an exception)." },
	{ "tia.line.data", "Uppgifter: %s: högsta vikt %d.", "Data: %s: highest weight %d." },
	{ "tia.line.data_adequate",
	  "Uppgifter: %s: högsta vikt %d; poängsätts inte, beslutet om adekvat skyddsnivå "
	  "omfattar överföringen.",
	  "Data: %s: highest weight %d; not scored, the adequacy decision covers the transfer." },
	{ "tia.line.data_special",
	  "Uppgifter: %s: högsta vikt %d; särskilda kategorier (art. 9) och uppgifter om "
	  "lagöverträdelser (art. 10) väger tyngst.",
	  "Data: %s: highest weight %d; special categories (Art. 9) and criminal-offence data "
	  "(Art. 10) weigh most." },
	{ "tia.line.data_pnr",
	  "Uppgifter: %s: högsta vikt %d; personnummer är ett nationellt identifikationsnummer "
	  "och väger tyngst.",
	  "Data: %s: highest weight %d; personnummer is a national identification number and "
	  "weighs most." },
	{ "tia.line.exposure_stored", "Exponering: uppgifterna lagras eller behandlas där.",
	  "Exposure: the data is stored or processed there." },
	{ "tia.line.exposure_remote", "Exponering: fjärråtkomst eller support därifrån.",
	  "Exposure: remote access or support from there." },
	{ "tia.line.exposure_parent",
	  "Exponering: moderbolaget %s finns där och kan tvingas lämna ut uppgifter.",
	  "Exposure: parent company %s is there and can be compelled to give access." },
	{ "tia.line.exposure_chain",
	  "Exponering: %d länk(ar) till i kedjan (leverantörens underbiträde).",
	  "Exposure: %d more link(s) in the chain (a sub-processor of the vendor)." },
	{ "tia.line.measures_keys",
	  "Skyddsåtgärder: kryptering med nycklar som hålls inom EU skyddar de lagrade "
	  "uppgifterna där.",
	  "Measures: encryption with keys held in the EU protects the data at rest there." },
	{ "tia.line.measures_keys_clear",
	  "Skyddsåtgärder: kryptering med nycklar inom EU räknas inte: uppgifterna behandlas, "
	  "nås eller supportas i klartext där (EDPB:s rekommendationer 01/2020, fall 6 och 7).",
	  "Measures: encryption with keys held in the EU is not credited: the data is "
	  "processed, accessed or supported in clear there (EDPB Recommendations 01/2020, use "
	  "cases 6 and 7)." },
	{ "tia.line.measures_pseudonymised",
	  "Skyddsåtgärder: uppgifterna pseudonymiseras före överföring.",
	  "Measures: data pseudonymised before transfer." },
	{ "tia.line.measures_pseudonymised_clear",
	  "Skyddsåtgärder: pseudonymisering räknas inte: personal når uppgifterna i klartext "
	  "genom fjärråtkomst eller support.",
	  "Measures: pseudonymisation is not credited: staff reach the data in clear through "
	  "remote access or support." },
	/* actions */
	{ "tia.action.watch_adequacy",
	  "Bevaka beslutet om adekvat skyddsnivå för %s (referensdata kontrollerade %s).",
	  "Keep the adequacy decision for %s under watch (reference data checked %s)." },
	{ "tia.action.watch_scope",
	  "Bevaka beslutet om adekvat skyddsnivå för %s och bekräfta att mottagaren stannar inom "
	  "dess tillämpningsområde: %s",
	  "Keep the adequacy decision for %s under watch and confirm the importer stays within "
	  "its scope: %s" },
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
	{ "tia.action.dpf_hr",
	  "DPF-certifieringen för %s omfattar inte personaluppgifter (HR): inför "
	  "standardavtalsklausuler (2021/914) för dessa uppgifter, be mottagaren certifiera sig "
	  "för HR-uppgifter, eller upphör med överföringen.",
	  "The DPF certification of %s does not cover HR data: put standard contractual clauses "
	  "(2021/914) in place for that data, have the importer certify for HR data, or stop "
	  "the transfer." },
	{ "tia.action.dpf_hr_unstated",
	  "Kontrollera på DPF-listan om certifieringen för %s omfattar personaluppgifter (HR) och "
	  "ange 'hr' på DPF-mekanismen; till dess saknar personaluppgifterna "
	  "överföringsmekanism: inför standardavtalsklausuler (2021/914) eller upphör med "
	  "överföringen.",
	  "Check on the DPF participant list whether the certification of %s covers HR data and "
	  "record 'hr' on the DPF mechanism; until then the HR data has no transfer tool: put "
	  "standard contractual clauses (2021/914) in place or stop the transfer." },
	{ "tia.action.put_tool",
	  "Inför en överföringsmekanism för %s (standardavtalsklausuler 2021/914) eller upphör "
	  "med överföringen.",
	  "Put a transfer tool in place for %s (standard contractual clauses 2021/914) or stop "
	  "the transfer." },
	{ "tia.action.art49",
	  "Undantag enligt artikel 49 (grund: %s) gäller bara överföringar som är tillfälliga, "
	  "inte upprepas och uppfyller villkoren för just den grunden (EDPB:s riktlinjer "
	  "2/2018): bekräfta och dokumentera varje villkor; en regelbunden överföring kräver "
	  "standardavtalsklausuler.",
	  "Art. 49 derogation (ground: %s): allowed only for transfers that are occasional, not "
	  "repetitive and meet the conditions of that specific ground (EDPB Guidelines 2/2018): "
	  "confirm and record each condition; a regular transfer needs standard contractual "
	  "clauses." },
	{ "tia.action.document",
	  "Dokumentera bedömningen av lagstiftning och praxis i %s och de kompletterande "
	  "skyddsåtgärderna (kryptering med nycklar inom EU, pseudonymisering, "
	  "åtkomstkontroll).",
	  "Document the assessment of the law and practice in %s and the supplementary "
	  "measures (encryption with EU-held keys, pseudonymisation, access controls)." },
	{ "tia.action.scope_fact",
	  "Ange '%s' i katalogen: beslutet om adekvat skyddsnivå för %s omfattar bara en del av "
	  "mottagarna eller uppgifterna, och utan uppgiften kan klassificeringen inte pröva det.",
	  "Record '%s' in the catalogue: the adequacy decision for %s covers only some importers "
	  "or data, and without it the classification cannot test that." },
	{ "tia.action.scope_warn",
	  "Bekräfta med %s vilket regelverk som gäller för dessa uppgifter (se "
	  "klassificeringen); omfattas de inte av beslutet är flödet en överföring till "
	  "tredjeland.",
	  "Confirm with %s which regime applies to this data (see the classification); if the "
	  "decision does not cover it, the flow is a transfer to a third country." },
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
	  "Särskilda kategorier (art. 9) når %s utan beslut om adekvat skyddsnivå: bekräfta "
	  "undantaget enligt art. 9.2 och starka kompletterande skyddsåtgärder.",
	  "Special categories (Art. 9) reach %s without an adequacy decision: confirm the "
	  "Art. 9(2) exemption and strong supplementary measures." },
	{ "tia.action.special_covered",
	  "Särskilda kategorier (art. 9) når %s: bekräfta undantaget enligt art. 9.2 för "
	  "behandlingen; överföringen omfattas av beslutet om adekvat skyddsnivå och kräver inga "
	  "ytterligare skyddsåtgärder.",
	  "Special categories (Art. 9) reach %s: confirm the Art. 9(2) exemption for the "
	  "processing; the adequacy decision covers the transfer, which needs no further "
	  "measures." },
	{ "tia.action.criminal",
	  "Uppgifter om lagöverträdelser når %s: enligt art. 10 GDPR får de bara behandlas under "
	  "kontroll av myndighet eller när det är tillåtet enligt lag; i Sverige anger "
	  "dataskyddslagen (2018:218) 3 kap. 8 § och dataskyddsförordningen (2018:219) när andra "
	  "än myndigheter får behandla dem: bekräfta vilken grund som gäller och dokumentera den.",
	  "Criminal-offence data reaches %s: under Art. 10 GDPR it may be processed only under "
	  "the control of official authority or where law authorises it; in Sweden ch. 3 s. 8 "
	  "of the Data Protection Act (2018:218) and the Data Protection Ordinance (2018:219) "
	  "say when others than authorities may process it: confirm which ground applies and "
	  "record it." },
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
	/* law and practice: whether this importer is in reach */
	{ "tia.reach.yes_any",
	  "Sannolikt omfattad: %s når alla organisationer i %s, även %s.",
	  "Likely in reach: %s reach every organisation in %s, %s included." },
	{ "tia.reach.yes_provider",
	  "Sannolikt omfattad: %s hanterar uppgifterna som en tjänst åt oss (ett moln- eller "
	  "SaaS-biträde, eller dess moderbolag), och %s når leverantörer av elektroniska "
	  "kommunikations-, lagrings- eller molntjänster.",
	  "Likely in reach: %s handles the data as a service for us (a cloud or SaaS "
	  "processor, or its parent company), and %s reach providers of electronic "
	  "communications, hosting or remote computing services." },
	{ "tia.reach.also_provider",
	  "Eftersom %s hanterar uppgifterna som en tjänst åt oss når även %s den.",
	  "As %s handles the data as a service for us, %s reach it too." },
	{ "tia.reach.no",
	  "Sannolikt inte omfattad: de registrerade lagarna når bara leverantörer av "
	  "kommunikations- eller molntjänster eller teleoperatörer, eller tvingar ingen "
	  "mottagare, och %s är varken tjänsteleverantör för dessa uppgifter eller registrerad "
	  "som teleoperatör.",
	  "Unlikely in reach: the laws recorded reach only providers of communications or "
	  "hosting services or telecommunications operators, or compel no importer, and %s is "
	  "neither a service provider for this data nor recorded as a telecommunications "
	  "operator." },
	{ "tia.reach.assessed",
	  "Kommissionen har bedömt myndigheters åtkomst till uppgifter i %s i sitt beslut om "
	  "adekvat skyddsnivå.",
	  "The Commission assessed public authorities' access to data in %s in its adequacy "
	  "decision." },
	{ "tia.reaches.any_organisation", "Når alla organisationer", "Reaches every organisation" },
	{ "tia.reaches.communications_providers",
	  "Når leverantörer av elektroniska kommunikations-, lagrings- eller molntjänster",
	  "Reaches providers of electronic communications, hosting or remote computing "
	  "services" },
	{ "tia.reaches.telecom_operators", "Når teleoperatörer",
	  "Reaches telecommunications operators" },
	{ "tia.reaches.none", "Tvingar ingen mottagare", "Compels no importer" },
	{ "tia.in_reach.yes", "denna mottagare: sannolikt omfattad",
	  "this importer: likely in reach" },
	{ "tia.in_reach.no", "denna mottagare: sannolikt inte omfattad",
	  "this importer: unlikely in reach" },
	{ "tia.in_reach.not_compelled", "denna mottagare: inte tvingad",
	  "this importer: not compelled" },
	{ "tia.assessment.adequacy_assessed",
	  "bedömd av kommissionen i ett beslut om adekvat skyddsnivå",
	  "assessed by the Commission in an adequacy decision" },
	{ "tia.assessment.concerns", "betänkligheter", "concerns" },
	{ "tia.assessment.serious_concerns", "allvarliga betänkligheter", "serious concerns" },
	/* the record's groups */
	{ "tia.none_recorded", "inga registrerade", "none recorded" },
	{ "tia.none_recorded_one", "inget registrerat", "none recorded" },
	{ "tia.not_recorded", "inte registrerat", "not recorded" },
	{ "tia.none_known", "inga kända", "none known" },
	{ "tia.legal_dpf", "; DPF-sida %s, status %s, kontrollerad %s (för %ld dagar sedan)",
	  "; DPF page %s, status %s, checked %s (%ld days ago)" },
	{ "tia.legal_module", "; modul %s", "; module %s" },
	{ "tia.legal_ground", "; grund: %s", "; ground: %s" },
	{ "tia.laws_none",
	  "inte registrerade i referensdata: bedöm mottagarlandets lagar om myndigheters åtkomst",
	  "not recorded in the reference data: assess the destination's laws on "
	  "public-authority access" },
	{ "tia.measure_keys", "kryptering med nycklar inom EU", "encryption with keys held in the EU" },
	{ "tia.measure_pseudonymised", "pseudonymisering", "pseudonymisation" },
	{ "tia.form_keys", "krypterade (nycklar inom EU)", "encrypted (keys in the EU)" },
	{ "tia.form_keys_clear",
	  "krypterade vid lagring (nycklar inom EU), men i klartext för denna behandling, "
	  "åtkomst eller support",
	  "encrypted at rest (keys in the EU), but in clear for this processing, access or "
	  "support" },
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
	{ "tia.law", "Lagstiftning och praxis (EDPB steg 3)", "Law and practice (EDPB step 3)" },
	{ "tia.law_checked", "%s (referensdata kontrollerade %s)", "%s (reference data checked %s)" },
	{ "tia.law_item", "%s: %s %s; %s.", "%s: %s %s; %s." },
	{ "tia.redress", "Rättsmedel", "Redress" },
	{ "tia.in_reach", "Denna mottagare", "This importer" },
	{ "tia.scc", "Vad det betyder för standardavtalsklausuler",
	  "What it means for standard contractual clauses" },
	{ "tia.sources", "Källor", "Sources" },
	{ "tia.measures", "Kompletterande skyddsåtgärder", "Supplementary measures" },
	{ "tia.score", "Poäng", "Score" },
	{ "tia.scale",
	  "Skala: 0–%d grön, %d–%d gul, %d eller mer röd; bedömningen följer alltid poängen.",
	  "Scale: 0–%d green, %d–%d amber, %d or more red; the rating always follows the "
	  "score." },
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
