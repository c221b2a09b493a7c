/* link: util jsondoc refdata refscope catalog entity */
/*
 * Entity matching (issue 12): legal names normalised to keys; names from a vendor's
 * list found among the catalogue's entities directly, through aliases the catalogue
 * states, and through the shipped alias table; pairs that must not match.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/entity.h"
#include "tiacheck/refdata.h"
#include "tiacheck/util.h"
#include "tu.h"

static const char *top(void)
{
	const char *t = getenv("TC_TOP");

	return t && *t ? t : ".";
}

static void test_norm(void)
{
	static const struct { const char *in, *want; } rows[] = {
		{ "Amazon Web Services, Inc.", "amazon web services" },
		{ "Amazon Web Services EMEA SARL", "amazon web services emea" },
		{ "Amazon Web Services EMEA S.à r.l.", "amazon web services emea" },
		{ "Infosys BPM Limited", "infosys bpm" },
		{ "Infosys BPM Ltd.", "infosys bpm" },
		{ "INFOSYS BPM LTD", "infosys bpm" },
		{ "  Infosys   BPM,  Ltd  ", "infosys bpm" },
		{ "Société Générale S.A.", "societe generale" },
		{ "Müller GmbH & Co. KG", "muller" },
		{ "Telia Company AB (publ)", "telia" },
		{ "Singtel Pte. Ltd.", "singtel" },
		{ "Atlassian Pty Ltd", "atlassian" },
		{ "Example K.K.", "example" },
		{ "Comarch sp. z o.o.", "comarch" },
		{ "Ørsted A/S", "orsted" },
		{ "Equinor ASA", "equinor" },
		{ "Visma Oy", "visma" },
		{ "Example B.V.", "example" },
		{ "Example N.V.", "example" },
		{ "Example S.r.l.", "example" },
		{ "Example S.L.", "example" },
		{ "Example SAS", "example" },
		{ "Example Corp.", "example" },
		{ "Example Corporation", "example" },
		{ "Example Co., Ltd.", "example" },
		{ "Example plc", "example" },
		{ "Example LLC", "example" },
		{ "Intercom R&D Unlimited Company", "intercom r and d" },
		{ "The Rocket Science Group LLC d/b/a Mailchimp", "rocket science group" },
		{ "Functional Software, Inc. (Sentry)", "functional software" },
		{ "O’Reilly Media, Inc.", "oreilly media" },
		{ "Zoom Video Communications, Inc.", "zoom video communications" },
		{ "Inc.", "inc" },
		{ "", "" },
		{ "(", "" },
		{ "株式会社サンプル", "株式会社サンプル" },
	};
	char out[TC_ENTITY_KEY_MAX];

	for (size_t i = 0; i < TC_ARRAY_LEN(rows); i++) {
		size_t n = tc_entity_norm(rows[i].in, out, sizeof(out));

		TU_CHECK(strcmp(out, rows[i].want) == 0 && n == strlen(out),
			 "norm('%s') = '%s', want '%s'", rows[i].in, out, rows[i].want);
	}
	/* a small buffer cuts at a character, never inside one */
	TU_INT(tc_entity_norm("Ärlig Åkeri AB", out, 4), 3);
	TU_STR(out, "arl");
	TU_INT(tc_entity_norm("株式会社", out, 5), 3);
}

/* Pairs through the shipped alias table alone (no catalogue). */
static void test_pairs(const tc_refdata *ref)
{
	static const struct { const char *a, *b; int same; } rows[] = {
		{ "Amazon Web Services, Inc.", "AWS", 1 },
		{ "AWS", "Amazon Web Services EMEA SARL", 1 },
		{ "Amazon Web Services, Inc.", "Amazon Web Services EMEA SARL", 1 },
		{ "Google LLC", "Google Ireland Limited", 1 },
		{ "Google Cloud", "Google Cloud EMEA Limited", 1 },
		{ "Microsoft Azure", "Microsoft Ireland Operations Limited", 1 },
		{ "Microsoft Corporation", "MICROSOFT CORP.", 1 },
		{ "Stripe, Inc.", "Stripe Payments Europe Limited", 1 },
		{ "Twilio Inc. (SendGrid)", "SendGrid", 1 },
		{ "Functional Software, Inc.", "Sentry", 1 },
		{ "The Rocket Science Group LLC", "Mailchimp", 1 },
		{ "Salesforce, Inc.", "salesforce.com, inc.", 1 },
		{ "Snowflake Inc.", "Snowflake Computing", 1 },
		{ "Okta, Inc.", "Auth0", 1 },
		{ "Sendinblue SAS", "Brevo", 1 },
		{ "Infosys BPM Limited", "Infosys BPM Ltd.", 1 },
		{ "Infosys BPM Ltd.", "INFOSYS BPM LTD", 1 },
		{ "Acme Corp", "Acme Analytics", 0 },
		{ "Google LLC", "Amazon Web Services, Inc.", 0 },
		{ "Slack Technologies, LLC", "Salesforce, Inc.", 0 },
		{ "Microsoft Corporation", "Microsoft Ireland Operations Ltd", 1 },
		{ "Infosys BPM Limited", "Infosys Limited", 0 },
		{ "Stripe, Inc.", "Stripe Payments UK", 0 },
	};
	tc_entity_index idx = TC_ENTITY_INDEX_INIT;

	tc_entity_index_build(&idx, NULL, &ref->scope);
	TU_CHECK(idx.naliases > 40, "alias table loaded: %zu keys", idx.naliases);
	for (size_t i = 0; i < TC_ARRAY_LEN(rows); i++)
		TU_CHECK(tc_entity_same(&idx, rows[i].a, rows[i].b) == rows[i].same,
			 "'%s' ~ '%s' should %smatch", rows[i].a, rows[i].b,
			 rows[i].same ? "" : "not ");
	TU_STR(tc_entity_group(&idx, "Twilio Inc. (SendGrid)"), "twilio");
	TU_STR(tc_entity_group(&idx, "Functional Software, Inc. (Sentry)"), "sentry");
	TU_STR(tc_entity_group(&idx, "The Rocket Science Group LLC d/b/a Mailchimp"), "mailchimp");
	TU_CHECK(tc_entity_group(&idx, "Acme Corp") == NULL, "no group for an unknown name");
	TU_CHECK(tc_entity_find(&idx, "AWS") == NULL, "no catalogue: no entity");
	tc_entity_index_release(&idx);
}

/* A catalogue built in memory: the entities of two services. */
static void test_find(const tc_refdata *ref)
{
	char *lw_aliases[] = { "Infosys" };
	tc_subprocessor subs[] = {
		{ .name = "Infosys BPM Limited", .aliases = lw_aliases, .naliases = 1 },
		{ .name = "Amazon Web Services EMEA SARL" },
		{ .name = "Acme Corp" },
	};
	tc_service svcs[] = {
		{ .id = "google-analytics", .name = "Google Analytics 4",
		  .legal_entity = "Google Ireland Limited", .parent_name = "Google LLC" },
		{ .id = "hubspot", .name = "HubSpot", .legal_entity = "HubSpot Ireland Ltd",
		  .parent_name = "HubSpot, Inc." },
		{ .id = "loopwise", .name = "Loopwise CRM", .legal_entity = "Loopwise AB",
		  .parent_name = "Loopwise Holdings Inc.", .subprocessors = subs,
		  .nsubprocessors = TC_ARRAY_LEN(subs) },
	};
	tc_catalog cat = { .services = svcs, .nservices = TC_ARRAY_LEN(svcs) };
	static const struct {
		const char *service, *name, *want_service;
		enum tc_entity_kind kind;
		size_t sub;
	} rows[] = {
		{ "loopwise", "INFOSYS BPM LTD", "loopwise", TC_ENTITY_SUBPROCESSOR, 0 },
		{ "loopwise", "Infosys", "loopwise", TC_ENTITY_SUBPROCESSOR, 0 },
		{ "loopwise", "AWS", "loopwise", TC_ENTITY_SUBPROCESSOR, 1 },
		{ "loopwise", "Amazon Web Services, Inc.", "loopwise", TC_ENTITY_SUBPROCESSOR, 1 },
		{ "loopwise", "Loopwise Holdings, Inc", "loopwise", TC_ENTITY_PARENT, 0 },
		{ "loopwise", "Loopwise AB", "loopwise", TC_ENTITY_SERVICE, 0 },
		{ "loopwise", "HubSpot, Inc.", "hubspot", TC_ENTITY_PARENT, 0 },
		{ "loopwise", "Google Cloud EMEA Limited", "google-analytics", TC_ENTITY_SERVICE, 0 },
		{ "hubspot", "HubSpot Inc", "hubspot", TC_ENTITY_PARENT, 0 },
		{ "hubspot", "HubSpot Ireland Limited", "hubspot", TC_ENTITY_SERVICE, 0 },
		{ "google-analytics", "Google LLC", "google-analytics", TC_ENTITY_PARENT, 0 },
		{ NULL, "Infosys BPM Ltd.", "loopwise", TC_ENTITY_SUBPROCESSOR, 0 },
		{ NULL, "ACME CORP.", "loopwise", TC_ENTITY_SUBPROCESSOR, 2 },
		/* the catalogue's own alias: "Infosys Limited" is "Infosys" */
		{ "loopwise", "Infosys Limited", "loopwise", TC_ENTITY_SUBPROCESSOR, 0 },
		{ "loopwise", "Loopwise", "loopwise", TC_ENTITY_SERVICE, 0 },
	};
	static const char *const unknown[] = { "Acme Analytics", "Infosys McCamish Systems LLC",
					       "Datadog, Inc.", "Loopwise Labs", "" };
	tc_entity_index idx = TC_ENTITY_INDEX_INIT;

	tc_entity_index_build(&idx, &cat, &ref->scope);
	for (size_t i = 0; i < TC_ARRAY_LEN(rows); i++) {
		const tc_entity_match *m = tc_entity_find_for(&idx, rows[i].service, rows[i].name);

		TU_CHECK(m && tc_streq(m->service->id, rows[i].want_service) &&
			 m->kind == rows[i].kind && (m->kind != TC_ENTITY_SUBPROCESSOR ||
						      m->sub == rows[i].sub),
			 "'%s' from %s's list: got %s kind %d sub %zu", rows[i].name,
			 rows[i].service ? rows[i].service : "any",
			 m ? m->service->id : "nothing", m ? (int)m->kind : 0, m ? m->sub : 0);
	}
	for (size_t i = 0; i < TC_ARRAY_LEN(unknown); i++) {
		const tc_entity_match *m = tc_entity_find_for(&idx, "loopwise", unknown[i]);

		TU_CHECK(m == NULL, "'%s' must not match (got '%s')", unknown[i],
			 m ? m->name : "");
	}
	{
		const tc_entity_match *m = tc_entity_find_for(&idx, "loopwise", "AWS");

		TU_STR(m ? m->name : NULL, "Amazon Web Services EMEA SARL");
		TU_STR(m ? m->group : NULL, "aws");
	}
	tc_entity_index_release(&idx);
}

int main(void)
{
	tc_refdata ref = TC_REFDATA_INIT;
	char err[512] = "";
	char *dir = tc_path_join(top(), "catalog/reference");

	if (tc_refdata_load(dir, &ref, err, sizeof(err)) < 0) {
		printf("setup failed: %s\n", err);
		free(dir);
		return 1;
	}
	test_norm();
	test_pairs(&ref);
	test_find(&ref);
	tc_refdata_release(&ref);
	free(dir);
	return TU_END("test_entity");
}
