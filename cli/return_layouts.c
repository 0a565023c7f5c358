/* return_layouts.c -- the CIN census and SSDA903 layouts, as the DfE
 * publishes them (the column lists are those the DfE's validation rules
 * name, as data-to-insight/quality-lac-data-beta and the CIN census
 * validator implement them). */
#include "return_layouts.h"

#include <string.h>

/* The dated elements of a census Child.  InitialCPCtarget is not here: the
 * reader keeps it as the census's own due date for the ICPC (audit). */
static const char *const census_dates[] = {
    "PersonBirthDate", "ExpectedPersonBirthDate", "PersonDeathDate", "CINreferralDate",
    "CINclosureDate", "DateOfInitialCPC", "AssessmentActualStartDate",
    "AssessmentInternalReviewDate", "AssessmentAuthorisationDate", "CINPlanStartDate",
    "CINPlanEndDate", "S47ActualStartDate", "CPPstartDate", "CPPendDate", "CPPreviewDate", NULL};
static const char *const no_codes[] = {NULL};

static const struct return_table census_tables[] = {
    {"", NULL, true, census_dates, no_codes},
};

const struct return_layout cin_census_layout = {"CIN census", "--cin-census", false,
                                                census_tables, 1};

static const char *const header_dates[] = {"DOB", "MC_DOB", NULL};
static const char *const header_codes[] = {"SEX", "ETHNIC", "UPN", "MOTHER", NULL};
static const char *const episode_dates[] = {"DECOM", "DEC", NULL};
static const char *const episode_codes[] = {"RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "REC",
                                            "REASON_PLACE_CHANGE", NULL};
static const char *const review_dates[] = {"DOB", "REVIEW", NULL};
static const char *const review_codes[] = {"REVIEW_CODE", NULL};
/* The "should be placed for adoption" table: DATE_PLACED is the date of the
 * decision that the child should be placed for adoption, DATE_PLACED_CEASED
 * that of the decision that they should no longer be. */
static const char *const adoption_dates[] = {"DOB", "DATE_PLACED", "DATE_PLACED_CEASED", NULL};
static const char *const adoption_codes[] = {"REASON_PLACED_CEASED", NULL};

static const struct return_table ssda903_tables[] = {
    {"Header", "header.csv", true, header_dates, header_codes},
    {"Episodes", "episodes.csv", true, episode_dates, episode_codes},
    {"Reviews", "reviews.csv", false, review_dates, review_codes},
    {"PlacedAdoption", "placed_for_adoption.csv", false, adoption_dates, adoption_codes},
};

const struct return_layout ssda903_layout = {"SSDA903", "--ssda903", true, ssda903_tables,
                                             sizeof ssda903_tables / sizeof ssda903_tables[0]};

const char *const unread_returns[] = {"Ofsted Annex A", NULL};

bool return_field_listed(const char *const *list, const char *name)
{
    for (; *list; list++)
        if (!strcmp(*list, name))
            return true;
    return false;
}
