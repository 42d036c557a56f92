//! Tests of the names detector.

use super::*;
use crate::{Annotator, Kind};

fn names(text: &str) -> Vec<(Kind, String)> {
    static A: std::sync::OnceLock<Annotator> = std::sync::OnceLock::new();
    let a = A.get_or_init(Annotator::new);
    a.annotate(text)
        .annotations
        .into_iter()
        .filter(|x| x.kind.is_name())
        .map(|x| (x.kind, x.text))
        .collect()
}

fn has(found: &[(Kind, String)], kind: Kind, text: &str) -> bool {
    found.iter().any(|(k, t)| *k == kind && t == text)
}

#[track_caller]
fn expect(text: &str, people: &[&str], orgs: &[&str]) {
    let found = names(text);
    for p in people {
        assert!(
            has(&found, Kind::Person, p),
            "person {p:?} not found in {text:?}: {found:?}"
        );
    }
    for o in orgs {
        assert!(
            has(&found, Kind::Org, o),
            "org {o:?} not found in {text:?}: {found:?}"
        );
    }
}

#[test]
fn embedded_model_loads() {
    let m = Tagger::from_bytes(crate::NAMES_MODEL).expect("data/names.model loads");
    assert!(m.rows() > 10_000, "only {} weight rows", m.rows());
    assert!(
        m.header().contains("CC BY-SA 4.0"),
        "the header names the licence"
    );
    assert!(
        m.header().contains("cargo xtask train-names"),
        "the header names the command"
    );
    assert!(
        Tagger::from_bytes(b"newsmark-names 2\nbits 22\nstage\nscale 1\nrows 0\ndata\n").is_err(),
        "a stage without transitions"
    );
}

#[test]
fn person_of_organization_is_two_names() {
    // The `of` connector must not join a person to an organization, and `Inc.` keeps its dot.
    let found = names("José Núñez of Acme Inc. disagreed.");
    assert!(has(&found, Kind::Person, "José Núñez"), "{found:?}");
    assert!(has(&found, Kind::Org, "Acme Inc."), "{found:?}");
    assert_eq!(found.len(), 2, "{found:?}");
}

#[test]
fn clear_sentences() {
    expect(
        "Shares of Acme Inc. rose after Jane Smith spoke to investors.",
        &["Jane Smith"],
        &["Acme Inc."],
    );
    expect(
        "Yesterday President Joe Biden met Dr. Anthony Fauci in Washington.",
        &["Joe Biden", "Anthony Fauci"],
        &[],
    );
    expect(
        "The Ministry of Health and the University of Lagos signed an agreement on Monday.",
        &[],
        &["Ministry of Health", "University of Lagos"],
    );
    let found = names("China said on Monday that trade with Germany grew by 5 percent.");
    assert!(found.is_empty(), "countries are not names here: {found:?}");
}

#[test]
fn trims_titles_the_and_possessives() {
    let found = names("Microsoft's chief executive met Mr. Ahmed Hassan at the Red Cross.");
    assert!(has(&found, Kind::Org, "Microsoft"), "{found:?}");
    assert!(has(&found, Kind::Person, "Ahmed Hassan"), "{found:?}");
    assert!(
        !found
            .iter()
            .any(|(_, t)| t.starts_with("the ") || t.starts_with("Mr") || t.ends_with("'s")),
        "{found:?}"
    );
}

#[test]
fn names_from_africa() {
    expect("Nigeria's finance minister Ngozi Okonjo-Iweala met Aliko Dangote, the chairman of Dangote Group, in Abuja on Monday.", &["Ngozi Okonjo-Iweala", "Aliko Dangote"], &["Dangote Group"]);
}

#[test]
fn names_from_south_and_east_asia() {
    expect(
        "Prime Minister Narendra Modi and Infosys co-founder Nandan Nilekani spoke in Bengaluru.",
        &["Narendra Modi", "Nandan Nilekani"],
        &["Infosys"],
    );
    expect(
        "Xi Jinping met Moon Jae-in in Beijing as shares of Toyota Motor Corp. rose.",
        &["Xi Jinping", "Moon Jae-in"],
        &["Toyota Motor Corp."],
    );
}

#[test]
fn names_from_the_arab_world() {
    expect("Sheikh Mohammed bin Rashid Al Maktoum praised the Dubai Electricity and Water Authority on Sunday.", &["Mohammed bin Rashid Al Maktoum"], &["Dubai Electricity and Water Authority"]);
    expect("Abdel Fattah al-Sisi met officials of the Arab League in Cairo, and Qatar Airways chief Akbar Al Baker said fares would rise.", &["Abdel Fattah al-Sisi", "Akbar Al Baker"], &["Arab League", "Qatar Airways"]);
}

#[test]
fn names_from_latin_america() {
    expect(
        "Luiz Inácio Lula da Silva met Andrés Manuel López Obrador in Mexico City.",
        &["Luiz Inácio Lula da Silva", "Andrés Manuel López Obrador"],
        &[],
    );
}

#[test]
fn machine_translated_middle_dot() {
    expect(
        "The vice president, Matthew · Bashir (Matthew Bassiur), left the company.",
        &["Matthew · Bashir", "Matthew Bassiur"],
        &[],
    );
}

#[test]
fn all_caps_headline() {
    let found = names("PRESIDENT BIDEN MEETS ANGELA MERKEL IN BERLIN\n\nThe talks were long.");
    assert!(has(&found, Kind::Person, "ANGELA MERKEL"), "{found:?}");
    assert!(!found.iter().any(|(_, t)| t == "BERLIN"), "{found:?}");
}

#[test]
fn cue_noun_makes_a_brand_an_organization() {
    let found = names("Subsequently, the U.S. fashion brand Mike · Kors (Michael Korsy) announced its withdrawal.");
    assert!(has(&found, Kind::Org, "Mike · Kors"), "{found:?}");
    assert!(has(&found, Kind::Org, "Michael Korsy"), "{found:?}");
}

#[test]
fn descriptive_name_and_acronym() {
    let found = names("Alibaba joined the international anti fake alliance (hereinafter referred to as \"IACC\") in April. IACC has 250 members.");
    assert!(
        has(&found, Kind::Org, "international anti fake alliance"),
        "{found:?}"
    );
    assert!(has(&found, Kind::Org, "IACC"), "{found:?}");
}

#[test]
fn surname_alone_after_full_name() {
    expect(
        "Robert Barchiesi founded the group in 1979. Later, Barchiesi said the group had grown.",
        &["Robert Barchiesi", "Barchiesi"],
        &[],
    );
}

#[test]
fn empty_model_tags_nothing() {
    let text = "Jane Smith met John Doe.";
    let doc = crate::segment::segment(text);
    let lx = Lexicon::default();
    assert!(detect(text, &doc, &lx, &Tagger::empty()).is_empty());
}

/// Asserts that no name found in `text` has any of `words` among its words.
fn lacks(text: &str, words: &[&str]) {
    let found = names(text);
    let hit = found.iter().find(|(_, s)| {
        s.split(|c: char| c.is_whitespace() || c == '·' || c == '-')
            .any(|w| words.contains(&w))
    });
    assert!(hit.is_none(), "{hit:?} found in {text:?}: {found:?}");
}

#[test]
#[should_panic(expected = "found in")]
fn lacks_fails_when_a_listed_name_is_found() {
    lacks("Jane Smith spoke at Acme Inc. on Monday.", &["Smith"]);
}

/// Asserts that `text` has no name at all.
fn lacks_any(text: &str) {
    let found = names(text);
    assert!(found.is_empty(), "names in {text:?}: {found:?}");
}

#[test]
fn storms_and_craft_are_not_people_anywhere_in_the_article() {
    // The tagger reads `Hurricane Rita` as another kind of name; `Rita` alone later must not
    // come back as a person.
    lacks("Oil rose as Hurricane Rita, now a Category 5 storm, neared Texas. The National Hurricane Center said Rita was extremely dangerous.", &["Rita"]);
    lacks("NASA said Space Shuttle Atlantis will go on display in Florida. Finally, Atlantis will be retired, and Endeavour and Atlantis await their last launch.", &["Atlantis"]);
    // A lower-case `storm` before a name does not make it a storm's.
    expect(
        "After the storm Barack Obama visited the town.",
        &["Barack Obama"],
        &[],
    );
}

#[test]
fn places_named_like_people_are_not_people() {
    lacks("The Museum of Flight in Seattle, Washington was also proposed. In a statement, Governor of Washington Chris Gregoire said the museum had worked hard.", &["Washington"]);
    expect(
        "In a statement, Governor of Washington Chris Gregoire said the museum had worked hard.",
        &["Chris Gregoire"],
        &[],
    );
    // A surname that is also a place stays a person once the full name is known.
    expect(
        "Forces led by General Manuel Belgrano were defeated. Belgrano accepted the post.",
        &["Manuel Belgrano", "Belgrano"],
        &[],
    );
    lacks_any("It is rumored that North Korea has at least a couple of nuclear weapons.");
}

#[test]
fn groups_party_tags_and_letters_after_names_are_not_names() {
    lacks_any("A radical Shiite cleric spoke. \"The Zionists have left one choice,\" he said. Working with both Republicans and Democrats, we can win the Republican nomination.");
    lacks(
        "John Cornyn, U.S. Senator (R-Texas), was disappointed.",
        &["Texas"],
    );
    lacks(
        "In the words of the Crown prosecutor, Mark Tedeschi, QC, the case was clear.",
        &["QC"],
    );
}

#[test]
fn venues_studies_and_city_newspapers() {
    lacks(
        "The simulators will be given to the Adler Planetarium in Chicago.",
        &["Adler"],
    );
    lacks(
        "The results of the Australian National Iodine Nutrition Study were published this week.",
        &["Iodine"],
    );
    expect(
        "\"MP calls for probe into documents\" — Edmonton Sun, August 16, 2008",
        &[],
        &["Edmonton Sun"],
    );
}

#[test]
fn a_word_the_article_also_writes_in_lower_case_is_that_word() {
    lacks(
        "Homeopathy is a form of alternative medicine. Critics call homeopathy a form of quackery.",
        &["Homeopathy"],
    );
    // Acronyms are not words: `WHO` beside `who`.
    expect(
        "WHO say iodine deficiency is common. Doctors who work there agree.",
        &[],
        &["WHO"],
    );
}

#[test]
fn national_teams_are_organizations_in_match_reports() {
    let text = "Group F — Sweden 1 – 0 Korea Republic\n\nSweden defeated South Korea 1-0 at the stadium. Andreas Granqvist scored from the penalty spot, putting Sweden in the lead. Belgium defeated Panama 3-0 in Sochi, Russia.";
    expect(
        text,
        &["Andreas Granqvist"],
        &[
            "Sweden",
            "Korea Republic",
            "South Korea",
            "Belgium",
            "Panama",
        ],
    );
    // `in Sochi, Russia`: a place, not the team.
    let found = names(text);
    assert!(
        !found.iter().any(|(_, s)| s == "Russia" || s == "Sochi"),
        "{found:?}"
    );
    // Without talk of sport a score-like range is not a match.
    let found = names("Windows 10 - 11 Update was released.");
    assert!(!found.iter().any(|(k, _)| *k == Kind::Org), "{found:?}");
}

#[test]
fn the_town_of_x_is_a_place() {
    lacks("The complex is south of the town of Coleman, Florida. The penitentiary in Coleman is a high security facility.", &["Coleman"]);
    lacks_any("Tasmania was excluded from the study.");
}

#[test]
fn acronyms_of_places_and_saints_places() {
    let text = "He spoke at the Kennedy Space Center (KSC) in Florida. Many KSC employees came. The Independent Anti-Corruption Commission (IACC) said so.";
    lacks(text, &["KSC"]);
    expect(text, &[], &["IACC"]);
    lacks(
        "Residents of St. Thomas were moved during the redevelopment.",
        &["Thomas"],
    );
    let found = names("The database was unveiled as the National Enforcement Management Information System and Intelligence System.");
    assert!(!found.iter().any(|(k, _)| *k == Kind::Org), "{found:?}");
}

#[test]
fn greetings_after_signatures_and_plural_teams() {
    expect(
        "Best regards, Debra Perlingiere Kathleen, You are correct, I will make the change.",
        &["Debra Perlingiere", "Kathleen"],
        &[],
    );
    // A comma after a full name in news text is not a greeting.
    expect(
        "The company was run by Edson Vaz Musa, the chairman, until 1999.",
        &["Edson Vaz Musa"],
        &[],
    );
    let text = "Cowley broke in as a rookie with the St. Louis Eagles in 1933. He helped the Bruins win two Stanley Cups, and played for the Vancouver Canucks of the league.";
    expect(
        text,
        &["Cowley"],
        &["St. Louis Eagles", "Bruins", "Vancouver Canucks"],
    );
    // Places and events in the plural are not teams.
    let found = names(
        "The Rocky Mountains are high; the league final was played near the Falkland Islands.",
    );
    assert!(
        !found
            .iter()
            .any(|(_, s)| s.contains("Mountains") || s.contains("Islands")),
        "{found:?}"
    );
}

mod rules {
    use crate::{Annotator, Kind};

    #[test]
    fn storms_and_facilities_are_not_names() {
        let a = Annotator::new();
        let r = a.annotate("Cyclone Phailin hit Odisha on Saturday. Phailin's winds reached 200 km/h, and flights at Biju Patnaik International Airport were cancelled.");
        let names: Vec<(Kind, &str)> = r
            .annotations
            .iter()
            .filter(|x| x.kind.is_name())
            .map(|x| (x.kind, x.text.as_str()))
            .collect();
        assert!(
            !names
                .iter()
                .any(|(_, t)| t.contains("Phailin") || t.ends_with("Airport")),
            "{names:?}"
        );
    }
}
