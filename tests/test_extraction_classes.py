"""The error classes of issue 8, each with sentences written for these tests (real model).

Every rule has a positive test and a negative one asserting that no extra event appears.
"""
from __future__ import annotations


def triples(article):
    return {(e.actor, e.recipient, e.type) for e in article.events}


def find(article, actor, recipient, etype):
    for e in article.events:
        if e.type == etype and ({e.actor, e.recipient} == {actor, recipient} if e.mutual
                                else (e.actor, e.recipient) == (actor, recipient)):
            return e
    raise AssertionError(f"no {actor} -> {recipient} {etype} in {sorted(triples(article))}")


# -- 1. the attacker inside an event or weapon noun, victim first -------------------------------

def test_victim_first_passive_with_attacker_in_the_event_noun(analyse):
    a = analyse("On 3 May 2020, five Taliban fighters were killed in an airstrike by Afghan forces "
                "in Nad Ali district, Helmand province.", "2020-05-03")
    e = find(a, "Afghanistan", "Taliban", "ASSAULT")
    assert not e.mutual


def test_weapon_planted_by_a_group(analyse):
    a = analyse("Two soldiers were killed by a roadside bomb planted by al-Shabaab militants near "
                "Afgooye, Lower Shabelle region.", "2021-02-11")
    find(a, "al-Shabaab", "Somalia", "ASSAULT")


def test_hyphenated_planter_owns_the_mine(analyse):
    a = analyse("On 4 April 2022, three soldiers were killed by an ISWAP-planted landmine near Bama, "
                "Borno state.", "2022-04-04")
    find(a, "Islamic State West Africa Province", "Nigeria", "ASSAULT")


def test_coordinated_passive_shares_its_agent(analyse):
    a = analyse("A Taliban commander was shot and killed by Islamic State militants in Jalalabad, "
                "Nangarhar province.", "2022-10-02")
    assert {e.recipient for e in a.events} == {"Taliban"}
    assert {e.type for e in a.events} == {"ASSAULT"}


def test_victims_of_an_accident_or_unnamed_gunmen_give_no_event(analyse):
    a = analyse("Six soldiers were killed in a helicopter crash near Mosul, Nineveh province. "
                "Two policemen were shot dead by unidentified gunmen in Basra.", "2021-03-10")
    assert a.events == []


def test_quantity_of_members_is_the_group(analyse):
    a = analyse("Dozens of RSF fighters were killed in drone strikes by the Sudanese army in Omdurman.",
                "2024-02-01")
    find(a, "Sudan", "Rapid Support Forces", "ASSAULT")


# -- 2. generic state forces ------------------------------------------------------------------

def test_generic_forces_are_the_state_of_the_place(analyse):
    a = analyse("On 2 March 2019, Taliban fighters attacked a police checkpoint in Marjah district, "
                "Helmand province. Four policemen were killed.", "2019-03-02")
    assert triples(a) == {("Taliban", "Afghanistan", "ASSAULT")}


def test_generic_forces_in_afghanistan_after_august_2021_are_the_taliban(analyse):
    a = analyse("On 9 May 2022, ISKP militants attacked a police checkpoint in Jalalabad, Nangarhar "
                "province.", "2022-05-09")
    find(a, "Islamic State Khorasan Province", "Taliban", "ASSAULT")
    assert "Afghanistan" not in {e.recipient for e in a.events}


def test_generic_forces_follow_the_place_not_the_states_named(analyse):
    a = analyse("Saudi officials said on Monday that soldiers repelled a Houthi raid near Jizan.",
                "2022-03-28")
    find(a, "Houthis", "Saudi Arabia", "ASSAULT")


def test_singular_demonym_with_member_and_event_nouns(analyse):
    a = analyse("On 1 June 2023, a Pakistani drone strike targeted TTP fighters in North Waziristan. "
                "An Afghan soldier was wounded by Pakistani fire in Kurram.", "2023-06-01")
    find(a, "Pakistan", "Tehrik-i-Taliban Pakistan", "ASSAULT")


def test_forces_owned_by_a_group_are_not_the_state(analyse):
    a = analyse("Taliban soldiers attacked Islamic State positions in Kunar province on 4 April 2020.",
                "2020-04-04")
    assert {e.actor for e in a.events} == {"Taliban"}
    assert not {e.recipient for e in a.events} & {"Afghanistan"}


def test_former_or_rebel_soldiers_are_not_the_state(analyse):
    a = analyse("Former soldiers protested in Kabul on 3 March 2019. Rebel soldiers looted a market.",
                "2019-03-03")
    assert a.events == []


# -- responsibility: claims, denials and blame name the doer of an open attack --------------------

def test_claim_of_responsibility_names_the_attacker(analyse):
    a = analyse("On 6 June 2021, a car bomb killed four soldiers near Mogadishu. Al-Shabaab claimed "
                "responsibility.", "2021-06-06")
    e = find(a, "al-Shabaab", "Somalia", "ASSAULT")
    assert e.status == "reported" and e.claimed_by == ["al-Shabaab"]
    assert e.date == "2021-06-06"


def test_denial_of_involvement_is_a_denied_attack(analyse):
    a = analyse("On 6 February 2023, a suicide bomber killed eight policemen at a police station in "
                "Peshawar, Khyber Pakhtunkhwa. The TTP denied any involvement.", "2023-02-06")
    e = find(a, "Tehrik-i-Taliban Pakistan", "Pakistan", "ASSAULT")
    assert e.status == "denied" and e.claimed_by[0] == "Tehrik-i-Taliban Pakistan"


def test_blame_gives_an_accusation_and_an_alleged_attack(analyse):
    a = analyse("Unidentified gunmen killed two Frontier Corps soldiers near Turbat, Balochistan. "
                "The Pakistani government blamed the Balochistan Liberation Army.", "2022-08-27")
    find(a, "Pakistan", "Balochistan Liberation Army", "ACCUSE")
    e = find(a, "Balochistan Liberation Army", "Pakistan", "ASSAULT")
    assert e.status == "alleged"


def test_no_claim_no_doer(analyse):
    a = analyse("A bomb killed three soldiers near Kirkuk, the army said. No group claimed the attack.",
                "2020-05-01")
    assert a.events == []


# -- a clash and an attack are two events ------------------------------------------------------

def test_clash_and_attack_between_one_pair_are_two_events(analyse):
    a = analyse("On 19 June 2022, al-Shabaab fighters stormed a Kenyan army base near Kolbio. Kenyan "
                "troops fought off the attackers in a gun battle.", "2022-06-19")
    directed = [e for e in a.events if e.type == "ASSAULT" and not e.mutual]
    mutual = [e for e in a.events if e.type == "ASSAULT" and e.mutual]
    assert [(e.actor, e.recipient) for e in directed] == [("al-Shabaab", "Kenya")]
    assert [(e.actor, e.recipient) for e in mutual] == [("Kenya", "al-Shabaab")]  # written from the attacked side


# -- regional branches and factions --------------------------------------------------------------

def test_fighting_by_the_parent_in_a_branch_country_is_the_branch(analyse):
    a = analyse("On 5 May 2023, Islamic State militants attacked a Taliban checkpoint in Nangarhar "
                "province.", "2023-05-05")
    find(a, "Islamic State Khorasan Province", "Taliban", "ASSAULT")


def test_what_the_parent_leadership_is_told_stays_the_parent(analyse):
    a = analyse("The Taliban warned the leader of the Islamic State against meddling in Afghanistan.",
                "2015-06-16")
    find(a, "Taliban", "Islamic State", "THREATEN")


def test_a_faction_is_not_rewritten_over_its_parent(analyse):
    a = analyse("The Haqqani Network is a faction of the Taliban. The Taliban clashed with Islamic State "
                "fighters in Kunar province on 2 May 2019.", "2019-05-02")
    assert any(e.actor == "Taliban" or e.recipient == "Taliban" for e in a.events if e.type == "ASSAULT")
    assert not any("Haqqani Network" in (e.actor, e.recipient) for e in a.events if e.type == "ASSAULT")


# -- joint operations, backing, support ------------------------------------------------------------

def test_joint_operation_gives_each_attacker_and_their_cooperation(analyse):
    a = analyse("On 17 September 2020, Iraqi and US forces carried out joint airstrikes on Islamic State "
                "positions near Kirkuk.", "2020-09-17")
    find(a, "Iraq", "Islamic State", "ASSAULT")
    find(a, "United States", "Islamic State", "ASSAULT")
    assert find(a, "Iraq", "United States", "COOPERATE").mutual


def test_separate_strikes_are_not_cooperation(analyse):
    a = analyse("Iraqi forces struck Islamic State positions near Kirkuk, and US forces struck Islamic "
                "State positions in Syria.", "2020-09-17")
    assert "COOPERATE" not in {e.type for e in a.events}


def test_backers_strikes_hit_the_target(analyse):
    a = analyse("On 27 April 2019, Afghan commandos, backed by US airstrikes, raided a Taliban compound in "
                "Kunduz province.", "2019-04-27")
    find(a, "Afghanistan", "Taliban", "ASSAULT")
    find(a, "United States", "Taliban", "ASSAULT")


def test_a_patron_is_not_an_attacker(analyse):
    a = analyse("M23 rebels, backed by Rwanda, attacked Congolese troops near Goma.", "2024-02-07")
    find(a, "March 23 Movement", "DR Congo", "ASSAULT")
    assert ("Rwanda", "DR Congo", "ASSAULT") not in triples(a)


def test_in_support_of(analyse):
    a = analyse("Saudi aircraft struck Houthi positions in support of government troops in Marib "
                "governorate.", "2021-02-12")
    find(a, "Saudi Arabia", "Houthis", "ASSAULT")
    find(a, "Saudi Arabia", "Yemen", "AID")


def test_repelled_attack_was_made_on_the_repeller(analyse):
    a = analyse("Soldiers repelled an attack by JNIM militants on a base in Boulkessi, Mopti region.",
                "2022-06-01")
    find(a, "Jama'at Nusrat al-Islam wal-Muslimin", "Mali", "ASSAULT")


def test_taking_a_town_is_taken_from_the_state_that_holds_it(analyse):
    a = analyse("On 15 January 2024, the Arakan Army captured Paletwa in Chin State.", "2024-01-15")
    find(a, "Arakan Army", "Myanmar", "ASSAULT")


def test_a_state_retaking_its_own_town_is_no_event_against_itself(analyse):
    a = analyse("On 20 March 2021, government troops recaptured the town of Dikwa in Borno state.", "2021-03-20")
    assert a.events == []


def test_the_militants_point_back_to_the_group(analyse):
    a = analyse("On 9 January 2022, Boko Haram fighters attacked a village near Gwoza, Borno state. "
                "A Nigerian army patrol later clashed with the militants.", "2022-01-09")
    assert find(a, "Nigeria", "Boko Haram", "ASSAULT").mutual


# -- 6. discourse: headlines, implied parties -------------------------------------------------------

def test_a_headline_above_a_paragraph_does_not_change_its_reading(analyse):
    body = "Taliban fighters clashed with Islamic State militants in Nangarhar province on Monday."
    alone = analyse(body, "2019-05-06")
    titled = analyse("Clashes in Nangarhar\n" + body, "2019-05-06")
    assert triples(titled) == triples(alone) != set()
    e = titled.events[0]
    assert titled.text[e.evidence_start:e.evidence_end] == body


def test_a_partyless_war_belongs_to_the_article_dyad(analyse):
    a = analyse("Government forces fought ELN guerrillas in Arauca on Monday. Colombia's army attacked ELN "
                "camps in Norte de Santander. The war has killed thousands since 1964.", "2023-03-01")
    assert find(a, "Colombia", "National Liberation Army", "ASSAULT")
    assert sum(1 for e in a.events if e.mutual and e.type == "ASSAULT") <= 1


def test_a_partyless_ceasefire_is_the_dyads_truce(analyse):
    a = analyse("Turkish jets struck PKK positions in northern Iraq. Turkish troops attacked PKK fighters near "
                "the border. The ceasefire collapsed in July after two years.", "2015-09-10")
    assert find(a, "Turkey", "Kurdistan Workers' Party", "AGREE").mutual


def test_no_dyad_no_implied_party(analyse):
    a = analyse("The war has killed thousands. The talks resumed in Doha on Monday.", "2023-03-01")
    assert a.events == []


def test_a_war_placed_elsewhere_is_not_the_dyads(analyse):
    a = analyse("The Sudanese army attacked RSF positions in Omdurman. The army also shelled RSF bases near "
                "Khartoum. Analysts compared it with the war in Ukraine.", "2024-02-01")
    assert not [e for e in a.events if e.trigger == "war"]


def test_avoided_confrontation_is_no_fighting(analyse):
    a = analyse("Government forces attacked ELN camps in Arauca. The army also struck ELN positions in Cesar. "
                "The dissidents withdrew to avoid confrontation with the ELN.", "2025-01-20")
    assert not [e for e in a.events if e.trigger == "confrontation"]


# -- 7. claims ---------------------------------------------------------------------------------------

def test_accusation_is_asserted_and_its_content_denied(analyse):
    a = analyse("Pakistan accuses the Taliban of sheltering the TTP, which the Taliban deny.", "2024-03-10")
    assert find(a, "Pakistan", "Taliban", "ACCUSE").status == "asserted"
    content = find(a, "Taliban", "Tehrik-i-Taliban Pakistan", "AID")
    assert content.status == "denied" and content.claimed_by[:2] == ["Taliban", "Pakistan"]


def test_denial_of_the_whole_clause(analyse):
    a = analyse("Israel attacked Hezbollah positions near Tyre, which Hezbollah denies.", "2024-03-10")
    assert find(a, "Israel", "Hezbollah", "ASSAULT").status == "denied"


def test_denial_in_the_next_sentence_reaches_the_event(analyse):
    a = analyse("Russia supplied weapons to the Taliban, according to a report by the Wall Street Journal. "
                "The Kremlin denied the report.", "2016-08-10")
    e = find(a, "Russia", "Taliban", "AID")
    assert e.status == "denied" and e.claimed_by == ["Russia", "Wall Street Journal"]


def test_a_later_unrelated_denial_does_not_reach_the_event(analyse):
    a = analyse("Russia supplied weapons to the Taliban, according to a report by the Wall Street Journal. "
                "Iran denied the report.", "2016-08-10")
    assert find(a, "Russia", "Taliban", "AID").status == "reported"


def test_source_in_the_next_sentence_reaches_the_event(analyse):
    a = analyse("Taliban fighters clashed with Islamic State militants in Nangarhar province. Pajhwok reported "
                "the clashes.", "2019-05-06")
    e = find(a, "Taliban", "Islamic State Khorasan Province", "ASSAULT")
    assert e.status == "reported" and e.claimed_by == ["Pajhwok Afghan News"]
    assert len(a.events) == 1


def test_a_party_announcing_its_own_verbal_act_asserts_it(analyse):
    a = analyse("The Taliban said it had recognised the new government of Syria.", "2025-03-10")
    assert find(a, "Taliban", "Syria", "SUPPORT").status == "asserted"


def test_a_party_claiming_its_own_attack_reports_it(analyse):
    a = analyse("The Houthis said they had fired drones at a Saudi border post.", "2022-03-27")
    e = find(a, "Houthis", "Saudi Arabia", "ASSAULT")
    assert e.status == "reported" and e.claimed_by == ["Houthis"]


def test_unnamed_officials_are_no_claimant(analyse):
    a = analyse("Taliban fighters clashed with Islamic State militants in Nangarhar province on Monday, "
                "officials said.", "2019-05-06")
    e = find(a, "Taliban", "Islamic State Khorasan Province", "ASSAULT")
    assert e.status == "reported" and e.claimed_by == []


# -- mediation, coordination through "among", plural demonyms ------------------------------------

def test_a_broker_talks_with_each_party_and_is_no_party(analyse):
    a = analyse("Qatar brokered a truce between Israel and Hamas on Friday.", "2023-11-24")
    assert find(a, "Israel", "Hamas", "AGREE").mutual
    assert find(a, "Qatar", "Israel", "CONSULT").mutual and find(a, "Qatar", "Hamas", "CONSULT").mutual
    assert ("Qatar", "Israel", "AGREE") not in triples(a) and ("Qatar", "Hamas", "AGREE") not in triples(a)


def test_mediators_named_beside_implied_talks(analyse):
    a = analyse("Israeli jets struck Hamas targets in Gaza. Hamas fired rockets at Israel. The ceasefire came "
                "thanks to mediation efforts by Egyptian and Qatari officials.", "2023-05-14")
    for mediator in ("Egypt", "Qatar"):
        for party in ("Israel", "Hamas"):
            assert find(a, mediator, party, "CONSULT").mutual


def test_countries_among_the_backers(analyse):
    a = analyse("Egypt, Jordan and the United Arab Emirates are among countries backing the Libyan National Army.",
                "2020-01-10")
    for backer in ("Egypt", "Jordan", "United Arab Emirates"):
        find(a, backer, "Libyan National Army", "SUPPORT")


def test_plural_demonym_with_the_is_the_state(analyse):
    a = analyse("The Egyptians and the Qataris put pressure on Hamas to accept the deal.", "2023-05-14")
    find(a, "Egypt", "Hamas", "REQUEST")
    find(a, "Qatar", "Hamas", "REQUEST")


def test_plural_demonym_people_are_not_the_state(analyse):
    a = analyse("Palestinians protested in Ramallah. Afghans fled to Iran.", "2023-05-14")
    assert a.events == []


def test_their_allies_are_not_their_own(analyse):
    a = analyse('The Taliban insisted that "jihad against the Americans and their allies must be conducted '
                'under one flag."', "2015-06-16")
    assert ("Taliban", "United States", "REQUEST") not in triples(a)


def test_a_side_that_withdraws_gives_way_to_its_adversary(analyse):
    a = analyse("On 13 August 2021, Taliban fighters captured Lashkar Gah, Helmand province. Government forces "
                "withdrew from the police headquarters.", "2021-08-13")
    find(a, "Afghanistan", "Taliban", "RETREAT")


def test_withdrawing_with_no_adversary_gives_way_to_no_one(analyse):
    a = analyse("The Taliban withdrew from Kandahar in December 2001.", "2021-08-13")
    assert a.events == []


def test_condemning_the_strike_accuses_the_striker(analyse):
    a = analyse("On 22 October 2023, two SDF fighters were killed in a Turkish drone strike near Qamishli. "
                "The SDF condemned the strike.", "2023-10-22")
    find(a, "Turkey", "Syrian Democratic Forces", "ASSAULT")
    find(a, "Syrian Democratic Forces", "Turkey", "ACCUSE")


def test_condemning_a_strike_told_by_no_one_accuses_no_one(analyse):
    a = analyse("The SDF condemned the strike on Qamishli.", "2023-10-22")
    assert a.events == []


# -- standing relations as relationship descriptions put them ---------------------------------------

# extract5: a standing rivalry is a status, not an event (the guide's REJECT is refusing a demand or
# proposal; no gold set codes "rivals", "bitter enemies" or "the rivalry between X and Y", and the world
# set lists a standing status among what is not coded). Their deeds are coded as usual.

def test_rivals_and_enemies_are_no_event(analyse):
    a = analyse("Boko Haram and ISWAP are rivals. The Taliban are enemies of the Islamic State.", "2021-01-01")
    assert a.events == []


def test_a_rivalry_or_feud_is_no_event(analyse):
    a = analyse("Jaish-e-Mohammed has a long rivalry with Lashkar-e-Taiba. "
                "The feud between Hamas and Fatah dates back to 2007.", "2021-01-01")
    assert a.events == []


def test_bitter_enemies_who_fought_keep_their_fighting(analyse):
    a = analyse("Boko Haram and ISWAP, bitter enemies, clashed near Lake Chad.", "2021-01-01")
    assert triples(a) in ({("Boko Haram", "Islamic State West Africa Province", "ASSAULT")},
                          {("Islamic State West Africa Province", "Boko Haram", "ASSAULT")})


def test_a_splinter_breaks_with_its_parent(analyse):
    a = analyse("Jamaat-ul-Ahrar broke away from the TTP in 2014. ISWAP split from Boko Haram in 2016.", "2021-01-01")
    find(a, "Jamaat-ul-Ahrar", "Tehrik-i-Taliban Pakistan", "SANCTION")
    find(a, "Islamic State West Africa Province", "Boko Haram", "SANCTION")


def test_a_merger_ties_the_new_group_to_each_founder(analyse):
    a = analyse("JNIM formed in 2017 from a merger of Ansar Dine, al-Mourabitoun and the Macina Liberation Front.",
                "2021-01-01")
    for founder in ("Ansar Dine", "al-Mourabitoun"):
        assert find(a, "Jama'at Nusrat al-Islam wal-Muslimin", founder, "COOPERATE").mutual


def test_received_support_comes_from_the_giver(analyse):
    a = analyse("Lashkar-e-Taiba has received support from Pakistan's ISI.", "2021-01-01")
    find(a, "Pakistan", "Lashkar-e-Taiba", "AID")
    assert ("Lashkar-e-Taiba", "Pakistan", "AID") not in triples(a)


def test_a_rival_bid_or_split_vote_is_no_relation(analyse):
    a = analyse("The rival bids were opened in Kabul. The council split the vote.", "2021-01-01")
    assert a.events == []


def test_authorised_to_fight_is_no_sanction_and_the_authorised_fight(analyse):
    a = analyse("The militia was sanctioned by the Iraqi government to fight the Islamic State in 2014, "
                "Kataib Hezbollah said.", "2019-12-30")
    assert "SANCTION" not in {e.type for e in a.events}
    assert ("Iraq", "Islamic State", "ASSAULT") not in triples(a)


def test_a_passive_subject_controls_the_infinitive(analyse):
    a = analyse("Kataib Hezbollah was ordered by Iran to attack US forces in Iraq.", "2019-12-30")
    find(a, "Kataib Hezbollah", "United States", "ASSAULT")
    assert ("Iran", "United States", "ASSAULT") not in triples(a)


def test_things_belonging_to_a_group_are_no_tie(analyse):
    a = analyse("The Israeli military said it struck targets belonging to Hezbollah in southern Lebanon.",
                "2024-01-10")
    find(a, "Israel", "Hezbollah", "ASSAULT")
    assert "COOPERATE" not in {e.type for e in a.events}


def test_state_backed_militias_are_actors_of_their_own(analyse):
    a = analyse("On 16 April 2022, government-backed National Defence Forces militiamen clashed with Islamic State "
                "cells near Maadan, Raqqa governorate.", "2022-04-16")
    assert find(a, "National Defence Forces", "Islamic State", "ASSAULT").mutual
    assert "Syria" not in {e.actor for e in a.events if e.type == "ASSAULT"}


def test_a_possessed_named_base_is_its_owners(analyse):
    a = analyse("ISWAP launched an attack on the Nigerian Army's FOB Sabon Gari in Borno.", "2025-01-08")
    find(a, "Islamic State West Africa Province", "Nigeria", "ASSAULT")


def test_relationship_descriptions_of_ties(analyse):
    a = analyse("Lashkar-e-Jhangvi is affiliated with al-Qaeda. The Resistance Front is a front for Lashkar-e-Taiba. "
                "Hezbollah provided training to the Houthis.", "2021-01-01")
    assert find(a, "Lashkar-e-Jhangvi", "al-Qaeda", "COOPERATE").mutual
    assert find(a, "The Resistance Front", "Lashkar-e-Taiba", "COOPERATE").mutual
    find(a, "Hezbollah", "Houthis", "AID")


def test_strained_ties_are_no_cooperation(analyse):
    a = analyse("Pakistan's strained ties with the Taliban worsened. Relations between the TTP and ISKP are tense.",
                "2025-10-01")
    assert {e.type for e in a.events} == {"REJECT"}
    assert find(a, "Pakistan", "Taliban", "REJECT").mutual


def test_loyal_forces_support_their_patron(analyse):
    a = analyse("The Security Belt forces, loyal to the Southern Transitional Council, were attacked by AQAP.",
                "2022-09-06")
    find(a, "Security Belt Forces", "Southern Transitional Council", "SUPPORT")
    find(a, "al-Qaeda in the Arabian Peninsula", "Security Belt Forces", "ASSAULT")


def test_weapons_handed_in_are_no_aid(analyse):
    a = analyse("MONUSCO gave M23 rebels until Thursday to hand in their weapons to a MONUSCO base.", "2013-08-29")
    assert "AID" not in {e.type for e in a.events}


def test_fronted_backing_participle(analyse):
    a = analyse("Backed by Russia, the Syrian regime prepares for an offensive against Idlib.", "2018-09-01")
    find(a, "Russia", "Syria", "AID")


def test_warring_parties_are_the_pair(analyse):
    a = analyse("Ethiopia and the TPLF reached a peace deal ending the civil war in Tigray. The warring parties "
                "agreed to the deal after negotiations led by the African Union in Pretoria.", "2022-11-03")
    assert find(a, "Ethiopia", "Tigray People's Liberation Front", "ASSAULT").mutual
    assert find(a, "African Union", "Ethiopia", "CONSULT").mutual
    assert find(a, "African Union", "Tigray People's Liberation Front", "CONSULT").mutual


def test_a_collapsed_ceasefire_held_and_then_broke(analyse):
    a = analyse("Turkish jets struck PKK camps in Iraq. Turkish troops attacked PKK fighters near the border. "
                "The PKK killed 16 soldiers, its deadliest attack since the collapse of a two-year-old ceasefire.",
                "2015-09-07")
    assert find(a, "Turkey", "Kurdistan Workers' Party", "AGREE").mutual
    assert find(a, "Turkey", "Kurdistan Workers' Party", "SANCTION").mutual


def test_a_ceasefire_that_holds_is_no_rupture(analyse):
    a = analyse("Turkish jets struck PKK camps in Iraq. Turkish troops attacked PKK fighters near the border. "
                "The ceasefire has held since July.", "2015-09-07")
    assert "SANCTION" not in {e.type for e in a.events}


def test_an_armed_groups_attacks_in_a_country_are_on_its_state(analyse):
    a = analyse("The council condemned al-Shabaab's attacks in Somalia.", "2023-06-01")
    find(a, "al-Shabaab", "Somalia", "ASSAULT")


def test_a_states_strikes_abroad_are_not_on_the_host(analyse):
    a = analyse("US forces carried out strikes in Somalia on Monday.", "2023-06-01")
    assert ("United States", "Somalia", "ASSAULT") not in triples(a)


def test_seizing_control_of_a_town(analyse):
    a = analyse("Viv Ansanm seized control of the Delmas 2 neighborhood of Port-au-Prince.", "2024-10-01")
    find(a, "Viv Ansanm", "Haiti", "ASSAULT")


def test_a_designating_body_sanctions(analyse):
    a = analyse("Lashkar-e-Taiba is a UN-designated terrorist group.", "2025-07-18")
    find(a, "United Nations", "Lashkar-e-Taiba", "SANCTION")


def test_breaking_a_ceasefire_is_a_rupture_not_a_truce(analyse):
    a = analyse("Israeli jets struck Hamas targets in Gaza. Hamas fired rockets at Israel. Israel accused Hamas of "
                "breaking the ceasefire.", "2023-05-10")
    e = find(a, "Hamas", "Israel", "SANCTION")
    assert e.status == "alleged" and not e.mutual
    assert "AGREE" not in {x.type for x in a.events}


# -- generic forces in a sentence that places nothing: the home state of the group it names --------

def test_bare_army_beside_a_group_is_the_groups_home_state(analyse):
    a = analyse("Egyptian and Saudi mediators met in Cairo on Monday to discuss a new truce. The RSF accused "
                "the army of shelling its bases.", "2024-03-04")
    find(a, "Rapid Support Forces", "Sudan", "ACCUSE")
    find(a, "Sudan", "Rapid Support Forces", "ASSAULT")
    assert not [e for e in a.events if "Rapid Support Forces" in (e.actor, e.recipient)
                and "Egypt" in (e.actor, e.recipient)]


def test_bare_army_beside_a_transnational_or_state_owned_group_keeps_the_article_state(analyse):
    for group, name in (("Islamic State militants", "Islamic State"), ("Wagner fighters", "Wagner Group")):
        a = analyse("Egyptian and Saudi mediators met in Cairo on Monday to discuss a new truce. "
                    f"{group} accused the army of shelling their camps.", "2024-03-04")
        find(a, name, "Egypt", "ACCUSE")
        assert not {"Syria", "Russia"} & {x for e in a.events for x in (e.actor, e.recipient)}


# -- a tie broken off, cut or suspended is a rupture, not the tie ----------------------------------

def test_breaking_off_relations_is_a_rupture_not_cooperation(analyse):
    a = analyse("On Sunday, Chad broke off diplomatic relations with Sudan. Algeria cut its ties with Morocco. "
                "Niger suspended military cooperation with France.", "2024-08-25")
    for actor, recipient in (("Chad", "Sudan"), ("Algeria", "Morocco"), ("Niger", "France")):
        assert not find(a, actor, recipient, "SANCTION").mutual
    assert {e.type for e in a.events} == {"SANCTION"}


def test_two_parties_severing_ties_break_with_each_other(analyse):
    a = analyse("Mali and Algeria severed diplomatic ties on Sunday.", "2024-08-25")
    assert find(a, "Mali", "Algeria", "SANCTION").mutual


def test_restored_or_threatened_ties_are_no_rupture(analyse):
    a = analyse("Chad restored diplomatic relations with Sudan on Sunday. Algeria threatened to sever its ties "
                "with Morocco. The ministry cut its budget.", "2024-08-25")
    assert "SANCTION" not in {e.type for e in a.events}
    assert ("Algeria", "Morocco", "THREATEN") in triples(a)


# -- a pronoun opening what a speaker says is the speaker's ---------------------------------------

def test_its_in_a_speakers_complement_is_the_speaker(analyse):
    a = analyse("The Macina Liberation Front, an ally of al-Qaeda, said its fighters had attacked a Malian army "
                "base near Mopti. Hayat Tahrir al-Sham, once al-Qaeda's Syrian branch, said it had shelled "
                "Syrian army positions.", "2024-09-18")
    find(a, "Katiba Macina", "Mali", "ASSAULT")
    find(a, "Hay'at Tahrir al-Sham", "Syria", "ASSAULT")
    assert not [e for e in a.events if e.type == "ASSAULT" and e.actor == "al-Qaeda"]


def test_their_in_a_speakers_complement_is_not_the_patron(analyse):
    a = analyse("The Houthis, backed by Iran, said their forces had fired missiles at Israel.", "2024-09-18")
    find(a, "Houthis", "Israel", "ASSAULT")
    assert ("Iran", "Israel", "ASSAULT") not in triples(a)


def test_a_speaker_that_does_not_agree_with_its_is_not_its_owner(analyse):
    a = analyse("Hezbollah fired rockets at northern Israel on Monday. Israeli officials said its fighters also "
                "attacked a border post.", "2024-09-18")
    assert triples(a) == {("Hezbollah", "Israel", "ASSAULT")}


# -- what a party is kept from doing did not happen --------------------------------------------------

def test_an_act_someone_is_kept_from_is_no_event(analyse):
    a = analyse("Under the deal, Iran undertakes to keep the Houthis from firing missiles at Saudi Arabia. "
                "The accord is meant to prevent Hamas from attacking Israel. Egypt barred Hamas from using its "
                "territory to strike Israel.", "2022-05-01")
    assert "ASSAULT" not in {e.type for e in a.events}


def test_the_act_beside_a_prevention_still_counts(analyse):
    a = analyse("Hamas fired rockets at Israel on Monday. Egypt tried to prevent Hamas from launching a wider war "
                "against Israel.", "2022-05-01")
    assert triples(a) == {("Hamas", "Israel", "ASSAULT")}


# -- a truce that is only discussed is talks, not a truce -------------------------------------------

def test_discussing_a_ceasefire_is_talks(analyse):
    a = analyse("The French envoy will discuss a permanent ceasefire with Hezbollah on Monday. Qatar said it "
                "would discuss the cessation of hostilities with Hamas.", "2025-08-18")
    assert find(a, "France", "Hezbollah", "CONSULT").mutual
    assert find(a, "Qatar", "Hamas", "CONSULT").mutual
    assert not {"AGREE", "RETREAT"} & {e.type for e in a.events}


def test_an_agreed_ceasefire_stays_a_truce(analyse):
    a = analyse("Israel and Hamas agreed a ceasefire on Monday.", "2025-08-18")
    assert triples(a) == {("Israel", "Hamas", "AGREE")}


# -- "held X responsible": an accusation whose target is the object of a predicate phrase ------------

def test_holding_a_party_responsible_is_an_accusation(analyse):
    a = analyse("Kenya held al-Shabaab responsible for the bombing in Mandera. Uganda holds the ADF accountable "
                "for the raids, officials said.", "2024-03-02")
    find(a, "Kenya", "al-Shabaab", "ACCUSE")
    assert "ACCUSE" in {e.type for e in a.events if e.actor == "Uganda"}
    a = analyse("The Taliban were held responsible by Pakistan for the shelling.", "2024-03-02")
    find(a, "Pakistan", "Taliban", "ACCUSE")


def test_holding_a_town_or_talks_is_no_accusation(analyse):
    a = analyse("Kenya held the town responsible for its own security. Kenya held talks with Somalia in Nairobi.",
                "2024-03-02")
    assert "ACCUSE" not in {e.type for e in a.events}
    assert find(a, "Kenya", "Somalia", "CONSULT").mutual


# -- a list of three names the parser reads as an apposition ----------------------------------------

def test_each_name_of_a_listed_subject_is_a_party(analyse):
    a = analyse("Algeria, Mali, and Niger reached an agreement in Jan. 2016 to share border intelligence.", "2020-05-01")
    assert {(e.actor, e.recipient) for e in a.events if e.type == "AGREE"} == {("Algeria", "Mali"), ("Algeria", "Niger")}


def test_a_name_with_its_acronym_in_apposition_is_one_party(analyse):
    a = analyse("Hayat Tahrir al-Sham (HTS), and its fighters attacked Syrian army positions near Idlib.", "2020-05-01")
    assert {e.actor for e in a.events} == {"Hay'at Tahrir al-Sham"}


# -- a demonym on an organ noun whose "of" phrase names no organisation ----------------------------

def test_demonym_leaders_of_a_threatened_response_are_the_state(analyse):
    a = analyse("Erdogan warned Syrian leaders of a decisive NATO response should the shelling continue.",
                "2020-05-01")
    find(a, "Turkey", "Syria", "THREATEN")


def test_demonym_fighters_of_a_named_group_are_the_group(analyse):
    a = analyse("Chechen fighters of the Islamic State attacked Syrian army positions near Raqqa.", "2020-05-01")
    assert "Russia" not in {e.actor for e in a.events}


# -- "X-backed" / "X-designated" on a noun in apposition to a named actor ---------------------------

def test_compound_epithet_in_apposition_describes_the_named_actor(analyse):
    a = analyse("Jaish-e-Mohammed (JeM), a UN-designated terrorist group based in Pakistan, denied the claim. "
                "Hamas, an Iran-backed group, fired rockets at Israel.", "2020-05-01")
    find(a, "United Nations", "Jaish-e-Mohammed", "SANCTION")
    assert any(e.actor == "Iran" and e.recipient == "Hamas" for e in a.events)


def test_compound_epithet_in_apposition_to_a_place_gives_no_event(analyse):
    a = analyse("Fighters stormed Kidal, a Wagner-backed stronghold in the north.", "2020-05-01")
    assert not [e for e in a.events if e.actor == "Wagner Group"]


# -- "the UN-recognised government": a state organ under a patron's epithet ------------------------

def test_patron_epithet_on_a_government_is_the_state_and_its_patron(analyse):
    a = analyse("In Tripoli on Monday, the militia rejected a truce with the UN-recognised government.", "2020-05-01")
    find(a, "United Nations", "Libya", "SUPPORT")
    assert "United Nations" not in {e.recipient for e in a.events if e.type == "REJECT"}
    a = analyse("The rebels ousted an Iran-backed government in Baghdad in 2003.", "2020-05-01")
    assert any(e.actor == "Iran" and e.recipient == "Iraq" for e in a.events)


def test_patron_epithet_on_a_militia_names_no_state(analyse):
    a = analyse("In Kidal on Monday, the rebels attacked a Russia-backed militia.", "2020-05-01")
    assert "Mali" not in {x for e in a.events for x in (e.actor, e.recipient)}


# -- "blamed X on Y": Y is accused, and is not the target of X ----------------------------------------

def test_blaming_a_deed_on_a_group_accuses_the_group(analyse):
    a = analyse("The Congolese army announced new patrols in Beni to stop the bombings, which it blamed on the ADF.",
                "2024-01-01")
    find(a, "DR Congo", "Allied Democratic Forces", "ACCUSE")
    a = analyse("Kenya blamed the attack on al-Shabaab fighters.", "2024-01-01")
    assert triples(a) == {("Kenya", "al-Shabaab", "ACCUSE")}


def test_blaming_a_deed_on_a_day_accuses_no_one(analyse):
    a = analyse("Kenya blamed the confusion on a misunderstanding on Monday.", "2024-01-01")
    assert a.events == []


# -- "They" opening a sentence: the previous main clause's subject, through its member noun ---------

def test_they_is_the_body_whose_members_spoke_before(analyse):
    a = analyse("The members of the Security Council said that Hamas remains a grave threat to Israel. "
                "They condemned Hamas's rocket attacks on Israeli towns.", "2024-01-01")
    find(a, "UN Security Council", "Hamas", "ACCUSE")


def test_a_deed_urged_on_non_actors_is_not_the_urgers(analyse):
    a = analyse("The members of the Security Council met on Monday. They urged all member states to cooperate "
                "with the Government of Somalia.", "2024-01-01")
    assert "COOPERATE" not in {e.type for e in a.events}
    a = analyse("Al-Qaeda chief Ayman al-Zawahiri urged fellow jihadists to back the Houthis.", "2024-01-01")
    find(a, "al-Qaeda", "Houthis", "SUPPORT")


# -- "paid tribute to X": praise is SUPPORT ----------------------------------------------------------

def test_paying_tribute_to_a_party_is_support(analyse):
    a = analyse("Kenya paid tribute to the Somali troops who died defending Kismayo.", "2024-01-01")
    find(a, "Kenya", "Somalia", "SUPPORT")


def test_paying_tribute_to_victims_is_no_event(analyse):
    a = analyse("Kenya paid tribute to the victims of the Garissa attack.", "2024-01-01")
    assert a.events == []


# -- the one who condemns an attack did not make it ---------------------------------------------------

def test_condemning_an_attack_is_not_attacking(analyse):
    a = analyse("Kenya condemned the deadly attack on AMISOM troops.", "2024-01-01")
    assert "ASSAULT" not in {e.type for e in a.events if e.actor == "Kenya"}


def test_launching_an_attack_is_attacking(analyse):
    a = analyse("Al-Shabaab launched a deadly attack on AMISOM troops near Baidoa.", "2024-01-01")
    assert "ASSAULT" in {e.type for e in a.events if e.actor == "al-Shabaab"}


# -- support for a cause: the backed is who owns it ------------------------------------------------

def test_support_for_a_partys_cause_backs_the_party(analyse):
    a = analyse("The French president proclaimed firm support for the defence of Estonia and Latvia's borders.",
                "2024-01-01")
    find(a, "France", "Estonia", "SUPPORT")
    find(a, "France", "Latvia", "SUPPORT")
    a = analyse("Iran expressed support for the Houthis' struggle.", "2024-01-01")
    find(a, "Iran", "Houthis", "SUPPORT")


def test_support_for_a_cause_without_an_owner_is_no_event(analyse):
    a = analyse("Qatar expressed support for the people of Gaza and the victims. The EU pledged support for "
                "peace talks.", "2024-01-01")
    assert a.events == []


# -- two states named as one subject of a strike carry it out together ------------------------------

def test_two_states_striking_together_cooperate(analyse):
    a = analyse("France and Chad launched dozens of airstrikes on Boko Haram camps near Lake Chad.", "2024-01-01")
    find(a, "France", "Boko Haram", "ASSAULT")
    find(a, "Chad", "Boko Haram", "ASSAULT")
    assert find(a, "France", "Chad", "COOPERATE").mutual


def test_groups_or_separate_subjects_striking_are_no_partnership(analyse):
    a = analyse("Hamas and Islamic Jihad fired rockets at Israel. France struck Boko Haram, and Chad shelled "
                "Boko Haram camps.", "2024-01-01")
    assert "COOPERATE" not in {e.type for e in a.events}


# -- the end of a war: the war was fought ------------------------------------------------------------

def test_the_end_of_a_war_records_the_war(analyse):
    a = analyse("The accord aimed at ending hostilities between Fatah and Hamas.", "2024-01-01")
    assert find(a, "Fatah", "Hamas", "ASSAULT").mutual
    assert "RETREAT" not in {e.type for e in a.events}


def test_a_cessation_of_hostilities_is_no_war(analyse):
    a = analyse("Qatar said it would discuss the cessation of hostilities with Hamas.", "2024-01-01")
    assert "ASSAULT" not in {e.type for e in a.events}


# -- a possessive pronoun skips a name used as a place ------------------------------------------------

def test_its_skips_a_country_named_as_a_place(analyse):
    a = analyse("Hezbollah says Israel's army still holds hilltops in southern Lebanon since the end of its war "
                "with Hezbollah.", "2024-01-01")
    assert find(a, "Israel", "Hezbollah", "ASSAULT").mutual
    assert not [e for e in a.events if e.actor == "Lebanon" or (e.recipient == "Lebanon" and e.type == "ASSAULT" and e.mutual)]


def test_its_falls_back_to_the_place_when_no_party_precedes(analyse):
    a = analyse("After talks in Somalia on Monday, its army attacked al-Shabaab near Kismayo.", "2024-01-01")
    find(a, "Somalia", "al-Shabaab", "ASSAULT")


# -- a sentence whose only parties are "both parties" is read too -----------------------------------

def test_both_parties_alone_in_a_sentence_are_the_last_two_named(analyse):
    a = analyse("Mozambique and Rwanda held a review in Pemba. Both parties agreed to intensify joint operations.",
                "2024-01-01")
    assert find(a, "Rwanda", "Mozambique", "AGREE").mutual


def test_both_with_no_parties_named_before_gives_nothing(analyse):
    a = analyse("Both parties agreed to intensify joint operations.", "2024-01-01")
    assert a.events == []


# -- contacting another party is consultation ---------------------------------------------------------

def test_contacting_a_party_is_consult(analyse):
    a = analyse("Haniyeh, who lives in Doha, said he had contacted Egypt and Qatar to seek a truce.", "2024-01-01")
    assert find(a, "Hamas", "Egypt", "CONSULT").mutual
    find(a, "Hamas", "Qatar", "CONSULT")


def test_contacting_people_is_no_event(analyse):
    a = analyse("Egyptian police contacted the families of the victims.", "2024-01-01")
    assert a.events == []


# -- "we"/"our" opening a quote are the quoted speaker's ---------------------------------------------

def test_our_in_a_quote_is_the_speakers(analyse):
    a = analyse('Egypt called for calm on Monday. "Our fighters shelled Israeli army positions," a Hamas '
                'spokesman said.', "2024-01-01")
    find(a, "Hamas", "Israel", "ASSAULT")
    assert "Egypt" not in {e.actor for e in a.events}


def test_we_in_a_quote_without_a_deed_adds_nothing(analyse):
    a = analyse('Israeli jets struck Hamas positions on Monday. "We mourn our dead and our fighters will '
                'rebuild," a Hamas spokesman said.', "2024-01-01")
    assert triples(a) == {("Israel", "Hamas", "ASSAULT")}


def test_ending_an_offensive_records_the_offensive(analyse):
    a = analyse("The Houthis said they would keep firing until Israel ended its offensive against Hamas in Gaza.",
                "2024-01-12")
    find(a, "Israel", "Hamas", "ASSAULT")
    assert ("Israel", "Hamas", "RETREAT") not in triples(a)


def test_two_demonyms_on_one_striking_force_cooperate(analyse):
    a = analyse("French and Chadian jets struck Boko Haram camps near Lake Chad on Sunday.", "2024-01-01")
    assert find(a, "France", "Chad", "COOPERATE").mutual


def test_one_demonym_force_striking_has_no_partner(analyse):
    a = analyse("French jets struck Boko Haram camps near Lake Chad on Sunday.", "2024-01-01")
    assert "COOPERATE" not in {e.type for e in a.events}


# -- "the strikes, supported by X": X backs whoever struck ------------------------------------------

def test_backers_of_a_definite_attack_back_its_doers(analyse):
    a = analyse("French jets struck Boko Haram camps near Lake Chad on Sunday. The strikes, supported by Chad "
                "and Niger, destroyed several depots.", "2024-01-01")
    assert any(e.actor == "Chad" and e.recipient == "France" and e.type in ("AID", "SUPPORT") for e in a.events)
    assert any(e.actor == "Niger" and e.recipient == "France" for e in a.events)


def test_backers_of_an_attack_with_no_doer_told_back_no_one(analyse):
    a = analyse("The strikes, supported by Chad and Niger, destroyed several depots near Lake Chad.", "2024-01-01")
    assert a.events == []


def test_condemning_the_strikes_accuses_each_striker(analyse):
    a = analyse("French and Chadian jets struck Boko Haram camps on Sunday. Several depots burned. The group said "
                "nine fighters died. Niger condemned the strikes on Monday.", "2024-01-01")
    find(a, "Niger", "France", "ACCUSE")
    find(a, "Niger", "Chad", "ACCUSE")


def test_condemning_strikes_told_long_before_accuses_no_one(analyse):
    a = analyse("French jets struck Boko Haram camps on Sunday. Several depots burned. The group said nine "
                "fighters died. Markets stayed shut. Niger condemned the strikes on Monday.", "2024-01-01")
    assert "ACCUSE" not in {e.type for e in a.events}


# -- a vow of retaliation threatens whoever attacked the speaker ------------------------------------

def test_vowing_retaliation_threatens_the_attackers(analyse):
    a = analyse("French and Chadian jets struck Boko Haram camps on Sunday. Boko Haram said the attacks would "
                "not go unpunished and vowed to retaliate.", "2024-01-01")
    assert {(e.actor, e.recipient) for e in a.events if e.type == "THREATEN"} == {
        ("Boko Haram", "France"), ("Boko Haram", "Chad")}


def test_a_vow_that_answers_no_attack_threatens_no_one(analyse):
    a = analyse("French jets struck Boko Haram camps on Sunday. Boko Haram vowed to rebuild its camps. "
                "Chad vowed to retaliate.", "2024-01-01")
    assert "THREATEN" not in {e.type for e in a.events}


# -- "acting in solidarity with X" ------------------------------------------------------------------

def test_acting_in_solidarity_with_a_party_is_support(analyse):
    a = analyse("The Houthis said they were acting in solidarity with Hamas. Iran expressed solidarity with "
                "Hezbollah.", "2024-01-01")
    find(a, "Houthis", "Hamas", "SUPPORT")
    find(a, "Iran", "Hezbollah", "SUPPORT")


def test_solidarity_with_people_is_no_event(analyse):
    a = analyse("Jordanian protesters marched in solidarity with the people of Gaza.", "2024-01-01")
    assert a.events == []


def test_vowing_to_retaliate_for_owned_strikes_threatens_their_owner(analyse):
    a = analyse("KABUL, Dec. 25 - Afghanistan's Taliban government vowed on Wednesday to retaliate for Pakistani "
                "air strikes in Paktika province.", "2024-12-25")
    find(a, "Taliban", "Pakistan", "THREATEN")


def test_vowing_to_retaliate_for_own_strikes_threatens_no_one(analyse):
    a = analyse("The Taliban vowed to retaliate for the Taliban's own losses in Paktika province.", "2024-12-25")
    assert "THREATEN" not in {e.type for e in a.events}


# -- relationship descriptions in the style of group profiles -------------------------------------

def test_maintaining_ties_with_a_group_is_cooperation(analyse):
    a = analyse("Jamaat-ul-Ahrar maintains close ties with Tehrik-i-Taliban Pakistan.", "2024-06-01")
    e = find(a, "Jamaat-ul-Ahrar", "Tehrik-i-Taliban Pakistan", "COOPERATE")
    assert e.mutual
    assert "SUPPORT" not in {x.type for x in a.events}


def test_maintaining_a_position_is_no_tie(analyse):
    a = analyse("Hamas maintains its position on the prisoner exchange, while Hezbollah stayed silent.", "2024-06-01")
    assert "COOPERATE" not in {e.type for e in a.events}


def test_pledging_loyalty_is_support(analyse):
    a = analyse("Abu Sayyaf has pledged loyalty to the Islamic State.", "2024-06-01")
    e = find(a, "Abu Sayyaf", "Islamic State", "SUPPORT")
    assert not e.mutual


def test_loyalty_to_no_actor_is_no_event(analyse):
    a = analyse("Abu Sayyaf fighters pledged loyalty to their new commander in Sulu.", "2024-06-01")
    assert a.events == []


def test_being_part_or_member_of_a_coalition_is_a_tie(analyse):
    a = analyse("Asaib Ahl al-Haq is part of the Popular Mobilization Forces. Badr Organization is a member "
                "of the Popular Mobilization Forces.", "2024-06-01")
    assert find(a, "Asa'ib Ahl al-Haq", "Popular Mobilization Forces", "COOPERATE").mutual
    find(a, "Badr Organization", "Popular Mobilization Forces", "COOPERATE")


def test_a_part_in_apposition_is_no_membership(analyse):
    a = analyse("The new road to the Iraqi border, a key part of Iran's plans in Syria, opened in May.", "2024-06-01")
    assert "COOPERATE" not in {e.type for e in a.events}


def test_operating_as_a_wing_of_a_group_is_a_tie(analyse):
    a = analyse("Katiba Macina operates as a wing of JNIM in central Mali.", "2024-06-01")
    find(a, "Katiba Macina", "Jama'at Nusrat al-Islam wal-Muslimin", "COOPERATE")


def test_described_as_a_front_ties_the_object_not_the_speaker(analyse):
    a = analyse("The United States described The Resistance Front as a front of Lashkar-e-Taiba.", "2024-06-01")
    assert not any({e.actor, e.recipient} == {"United States", "Lashkar-e-Taiba"} and e.type == "COOPERATE"
                   for e in a.events)


def test_a_splinter_faction_split_from_its_parent(analyse):
    a = analyse("Ansaru is a splinter faction of Boko Haram.", "2024-06-01")
    e = find(a, "Ansaru", "Boko Haram", "SANCTION")
    assert not e.mutual
    assert "COOPERATE" not in {x.type for x in a.events}


def test_a_plain_faction_is_no_split(analyse):
    a = analyse("Ansaru is a faction of Boko Haram.", "2024-06-01")
    find(a, "Ansaru", "Boko Haram", "COOPERATE")
    assert "SANCTION" not in {x.type for x in a.events}


def test_two_groups_at_war_fight_each_other(analyse):
    a = analyse("JNIM and the Islamic State in the Greater Sahara have been at war since 2020.", "2024-06-01")
    assert find(a, "Jama'at Nusrat al-Islam wal-Muslimin", "Islamic State Sahel Province", "ASSAULT").mutual


def test_two_groups_at_a_meeting_do_not_fight(analyse):
    a = analyse("Hamas and Fatah were at talks in Cairo.", "2024-06-01")
    assert "ASSAULT" not in {e.type for e in a.events}


def test_getting_most_of_its_funding_from_a_state_is_aid_from_it(analyse):
    a = analyse("Palestinian Islamic Jihad gets most of its funding from Iran.", "2024-06-01")
    find(a, "Iran", "Palestinian Islamic Jihad", "AID")
    assert not any(e.actor == "Palestinian Islamic Jihad" and e.type == "AID" for e in a.events)


def test_spending_most_of_its_funding_is_no_aid(analyse):
    a = analyse("Palestinian Islamic Jihad spends most of its funding in Gaza, far from Iran.", "2024-06-01")
    assert "AID" not in {e.type for e in a.events}


# -- profiles 2: fighting alongside, working closely, insurgencies, arms, mergers, splits --------

def test_fighting_alongside_an_ally_in_a_country_attacks_no_one(analyse):
    a = analyse("The Wagner Group fought alongside Hezbollah in Syria.", "2024-06-01")
    assert find(a, "Wagner Group", "Hezbollah", "COOPERATE").mutual
    assert "ASSAULT" not in {e.type for e in a.events}


def test_fighting_in_a_country_without_an_ally_still_attacks_it(analyse):
    a = analyse("Al-Shabaab fought in Kenya in 2011.", "2024-06-01")
    find(a, "al-Shabaab", "Kenya", "ASSAULT")
    assert "COOPERATE" not in {e.type for e in a.events}


def test_working_closely_with_a_group_is_cooperation(analyse):
    a = analyse("Ansar Dine works closely with AQIM in northern Mali.", "2024-06-01")
    assert find(a, "Ansar Dine", "al-Qaeda in the Islamic Maghreb", "COOPERATE").mutual


def test_working_closely_on_a_place_names_no_partner(analyse):
    a = analyse("Ansar Dine works closely in northern Mali.", "2024-06-01")
    assert not a.events


def test_waging_an_insurgency_against_a_state_is_fighting_it(analyse):
    a = analyse("The Kurdistan Workers' Party has waged an insurgency against Turkey for decades.", "2024-06-01")
    find(a, "Kurdistan Workers' Party", "Turkey", "ASSAULT")


def test_waging_an_insurgency_in_a_region_names_no_enemy(analyse):
    a = analyse("The Kurdistan Workers' Party waged an insurgency in the mountains for decades.", "2024-06-01")
    assert "ASSAULT" not in {e.type for e in a.events}


def test_providing_a_group_with_arms_is_aid_to_it(analyse):
    a = analyse("Iran has supplied the Houthis with drones and rockets.", "2024-06-01")
    find(a, "Iran", "Houthis", "AID")
    assert not any(e.actor == "Houthis" for e in a.events)


def test_orders_not_to_supply_a_group_with_arms_are_no_aid(analyse):
    a = analyse("The minister gave orders not to supply the Houthis with rockets.", "2024-06-01")
    assert "AID" not in {e.type for e in a.events}


def test_three_groups_merging_to_form_a_fourth_are_all_tied(analyse):
    a = analyse("Ansar Dine, al-Mourabitoun and Katiba Macina merged in 2017 to form JNIM.", "2024-06-01")
    jnim = "Jama'at Nusrat al-Islam wal-Muslimin"
    for x, y in [("Ansar Dine", "Katiba Macina"), ("Ansar Dine", "al-Mourabitoun"),
                 ("Katiba Macina", "al-Mourabitoun"), ("Ansar Dine", jnim), ("Katiba Macina", jnim),
                 ("al-Mourabitoun", jnim)]:
        assert find(a, x, y, "COOPERATE").mutual


def test_three_groups_at_talks_are_no_merger_of_every_pair(analyse):
    a = analyse("Ansar Dine, Katiba Macina and al-Mourabitoun held talks in 2017.", "2024-06-01")
    assert not any({e.actor, e.recipient} == {"Katiba Macina", "al-Mourabitoun"} for e in a.events)
    assert "COOPERATE" not in {e.type for e in a.events}


def test_merging_its_own_units_ties_no_groups(analyse):
    a = analyse("Ansar Dine merged its two brigades in 2017 to form a new unit.", "2024-06-01")
    assert not a.events


def test_a_split_parsed_as_a_root_noun_is_still_a_split(analyse):
    a = analyse("Jamaat-ul-Ahrar split from Tehrik-i-Taliban Pakistan in 2014.", "2024-06-01")
    e = find(a, "Jamaat-ul-Ahrar", "Tehrik-i-Taliban Pakistan", "SANCTION")
    assert not e.mutual


def test_a_root_noun_split_with_no_parent_named_is_no_event(analyse):
    a = analyse("Jamaat-ul-Ahrar split in 2014.", "2024-06-01")
    assert not a.events


def test_what_a_rejected_call_asks_for_did_not_happen(analyse):
    a = analyse("Hurras al-Din rejected the Islamic State's call to join it.", "2024-06-01")
    find(a, "Hurras al-Din", "Islamic State", "REJECT")
    assert "COOPERATE" not in {e.type for e in a.events}


def test_joining_after_rejecting_a_call_is_still_joining(analyse):
    a = analyse("Al-Shabaab rejected the Islamic State's call but later joined it.", "2024-06-01")
    find(a, "al-Shabaab", "Islamic State", "REJECT")
    find(a, "al-Shabaab", "Islamic State", "COOPERATE")


def test_pledging_bayah_is_coded_as_pledging_allegiance(analyse):
    a = analyse("Boko Haram pledged bay'ah to the Islamic State in 2015.", "2024-06-01")
    find(a, "Boko Haram", "Islamic State", "SUPPORT")
    assert "AGREE" not in {e.type for e in a.events}


def test_pledging_money_is_no_allegiance(analyse):
    a = analyse("Boko Haram pledged money to the Islamic State in 2015.", "2024-06-01")
    assert "SUPPORT" not in {e.type for e in a.events}


def test_proscribing_a_group_is_coded_as_a_designation(analyse):
    a = analyse("Australia proscribed Hamas in its entirety in 2022.", "2024-06-01")
    find(a, "Australia", "Hamas", "SANCTION")
    assert "COERCE" not in {e.type for e in a.events}


def test_a_group_proscribing_nothing_named_sanctions_no_one(analyse):
    a = analyse("Australia proscribed the sale of drones in 2022.", "2024-06-01")
    assert "SANCTION" not in {e.type for e in a.events}


# -- extract3: a label in a small clause ("considers Y an enemy") ---------------------------------

def test_considering_a_group_an_enemy_accuses_it(analyse):
    a = analyse("Hurras al-Din considers the Islamic State an apostate enemy.", "2024-06-01")
    find(a, "Hurras al-Din", "Islamic State", "ACCUSE")


def test_deeming_a_group_to_be_an_ally_supports_it(analyse):
    a = analyse("Iran deems the Houthis to be a trusted ally.", "2024-06-01")
    find(a, "Iran", "Houthis", "SUPPORT")


def test_considering_a_meeting_a_success_labels_no_actor(analyse):
    a = analyse("Hamas considered the Cairo meeting with Fatah a success.", "2024-06-01")
    assert "ACCUSE" not in {e.type for e in a.events}
    assert "SUPPORT" not in {e.type for e in a.events}


# -- extract3: a promise to stop someone names no partner ------------------------------------------

def test_pledging_to_stop_a_state_is_no_agreement_with_it(analyse):
    a = analyse("Al-Shabaab pledged to stop Ethiopia from sending more troops.", "2024-06-01")
    assert "AGREE" not in {e.type for e in a.events}


def test_pledging_to_prevent_a_group_from_acting_is_no_agreement_with_it(analyse):
    a = analyse("The Taliban promised to prevent al-Qaeda from plotting abroad.", "2024-06-01")
    assert "AGREE" not in {e.type for e in a.events}


def test_agreeing_to_halt_attacks_on_a_state_is_still_an_agreement(analyse):
    a = analyse("The Houthis agreed to halt drone attacks on Saudi Arabia.", "2024-06-01")
    find(a, "Houthis", "Saudi Arabia", "AGREE")


# -- extract3: a claim or allegation that Y did something hostile accuses Y -----------------------

def test_a_claim_by_a_state_that_another_backs_a_group_accuses_it(analyse):
    a = analyse("Uganda dismissed claims by Kenya that it arms al-Shabaab.", "2024-06-01")
    e = find(a, "Kenya", "Uganda", "ACCUSE")
    assert e.status == "asserted"
    assert find(a, "Uganda", "al-Shabaab", "AID").status == "denied"


def test_an_allegation_noun_accuses_the_subject_of_its_content(analyse):
    a = analyse("Pakistan renewed its allegation that the Taliban shelter the TTP.", "2024-06-01")
    assert find(a, "Pakistan", "Taliban", "ACCUSE").status == "asserted"


def test_alleging_is_an_asserted_accusation(analyse):
    a = analyse("The UN alleged that Rwanda supplies M23 with weapons.", "2024-06-01")
    assert find(a, "United Nations", "Rwanda", "ACCUSE").status == "asserted"


def test_a_claim_about_talks_or_about_the_claimants_own_deeds_accuses_no_one(analyse):
    a = analyse("Israel's claim that Hamas had accepted the proposal was disputed. "
                "Nigeria's claim that its troops had killed ISWAP fighters was disputed.", "2024-06-01")
    assert "ACCUSE" not in {e.type for e in a.events}


# -- extract3: an organisation's mission, experts and diplomats stand for it -----------------------

def test_rejecting_the_findings_of_a_un_mission_rejects_the_un(analyse):
    a = analyse("Ethiopia rejected the findings of the UN mission.", "2024-06-01")
    find(a, "Ethiopia", "United Nations", "REJECT")


def test_un_experts_accusing_a_state_are_the_un(analyse):
    a = analyse("UN experts accused Rwanda of commanding M23 units.", "2024-06-01")
    find(a, "United Nations", "Rwanda", "ACCUSE")


def test_unowned_experts_are_no_actor(analyse):
    a = analyse("Independent experts criticised the Sudanese army.", "2024-06-01")
    assert a.events == []


# -- extract3: the noun "merger of X into (with) Y" ------------------------------------------------

def test_the_merger_of_a_group_into_another_ties_them(analyse):
    a = analyse("The merger of al-Mourabitoun into JNIM was completed in 2017.", "2024-06-01")
    e = find(a, "al-Mourabitoun", "Jama'at Nusrat al-Islam wal-Muslimin", "COOPERATE")
    assert e.mutual


def test_the_merger_of_a_groups_own_units_ties_no_one(analyse):
    a = analyse("The merger of its brigades into one division was announced by Hamas.", "2024-06-01")
    assert "COOPERATE" not in {e.type for e in a.events}


def test_links_to_two_groups_named_in_one_list_tie_them_to_no_one(analyse):
    a = analyse("Its bank accounts were frozen over links to al-Shabaab and the Islamic State.", "2024-06-01")
    assert "COOPERATE" not in {e.type for e in a.events}


# -- extract4: coordinated demonyms and coordinated event nouns -----------------------------------

def test_a_first_demonym_parsed_as_nmod_is_an_attacker_too(analyse):
    a = analyse("Ugandan and Congolese troops raided ADF hideouts near Beni.", "2024-06-01")
    assert not find(a, "Uganda", "Allied Democratic Forces", "ASSAULT").mutual
    find(a, "DR Congo", "Allied Democratic Forces", "ASSAULT")
    assert not any(e.actor == "Allied Democratic Forces" for e in a.events)  # no reversed or mutual attack


def test_joint_strikes_named_by_coordinated_nouns_tie_the_attackers(analyse):
    a = analyse("Iraqi and Turkish forces launched joint air and artillery strikes on PKK bases.", "2024-06-01")
    find(a, "Turkey", "Kurdistan Workers' Party", "ASSAULT")
    find(a, "Iraq", "Kurdistan Workers' Party", "ASSAULT")
    assert find(a, "Iraq", "Turkey", "COOPERATE").mutual


def test_one_attacker_with_coordinated_strike_nouns_cooperates_with_no_one(analyse):
    a = analyse("Turkish forces launched air and artillery strikes on PKK bases.", "2024-06-01")
    assert triples(a) == {("Turkey", "Kurdistan Workers' Party", "ASSAULT")}


def test_an_object_shared_by_coordinated_verbs_is_the_attacked(analyse):
    a = analyse("Ugandan and Congolese troops attacked and torched ADF hideouts.", "2024-06-01")
    assert not find(a, "Uganda", "Allied Democratic Forces", "ASSAULT").mutual
    assert not any(e.actor == "Allied Democratic Forces" for e in a.events)


def test_a_coordinated_clause_with_its_own_subject_lends_no_object(analyse):
    a = analyse("Kenyan troops attacked, and Somalia praised the operation.", "2024-06-01")
    assert ("Kenya", "Somalia", "ASSAULT") not in triples(a)


# -- extract4: expelling an organisation is COERCE (PLOVER), not an attack -------------------------

def test_expelling_an_organisation_coerces_it(analyse):
    a = analyse("Burundi expelled the UN human rights office in 2021.", "2024-06-01")
    e = find(a, "Burundi", "OHCHR", "COERCE")
    assert not e.mutual
    assert "ASSAULT" not in {e.type for e in a.events}


def test_expelling_unnamed_journalists_gives_no_event(analyse):
    a = analyse("Eritrea expelled foreign journalists.", "2024-06-01")
    assert a.events == []


# -- extract4: a promised hostile act is no agreement with its target; the act is recorded ---------

def test_pledging_to_expel_a_group_coerces_it_in_future_and_agrees_nothing(analyse):
    a = analyse("The Houthis pledged to expel the STC from Aden.", "2024-06-01")
    assert "AGREE" not in {e.type for e in a.events}
    e = find(a, "Houthis", "Southern Transitional Council", "COERCE")
    assert "future" in e.aux


def test_the_place_a_group_is_expelled_from_is_no_recipient(analyse):
    a = analyse("Turkey expelled the PKK from Syria.", "2024-06-01")
    assert triples(a) == {("Turkey", "Kurdistan Workers' Party", "COERCE")}


def test_two_parties_agreeing_to_expel_a_third_agree_and_expel_it(analyse):
    a = analyse("Mali and Niger agreed to expel the ECOWAS envoys.", "2024-06-01")
    assert find(a, "Mali", "Niger", "AGREE").mutual
    assert "future" in find(a, "Niger", "ECOWAS", "COERCE").aux
    assert ("Mali", "ECOWAS", "AGREE") not in triples(a)


def test_pledging_to_work_with_a_partner_still_agrees_with_it(analyse):
    a = analyse("Hamas pledged to work with Egypt.", "2024-06-01")
    assert triples(a) == {("Hamas", "Egypt", "AGREE")}


# -- extract4: denied content lists the denier, then the accusers the claim noun names -------------

def test_a_denied_claim_by_a_state_lists_the_denier_then_the_accuser(analyse):
    a = analyse("Uganda rejected claims by Kenya that it arms al-Shabaab.", "2024-06-01")
    e = find(a, "Uganda", "al-Shabaab", "AID")
    assert e.status == "denied"
    assert e.claimed_by == ["Uganda", "Kenya"]


def test_a_denial_of_an_unowned_claim_lists_only_the_denier(analyse):
    a = analyse("Uganda rejected claims that it arms al-Shabaab.", "2024-06-01")
    e = find(a, "Uganda", "al-Shabaab", "AID")
    assert e.status == "denied"
    assert e.claimed_by == ["Uganda"]


# -- extract4: "X denies Y's claim (that) it ...": the pronoun is the denier -------------------------

def test_in_a_headline_denial_of_a_claim_it_is_the_denier(analyse):
    a = analyse("Uganda denies Kenya claim it arms al-Shabaab", "2024-06-01")
    e = find(a, "Uganda", "al-Shabaab", "AID")
    assert e.status == "denied"
    assert not any(e.actor == "Kenya" and e.type == "AID" for e in a.events)


def test_a_claim_that_is_not_denied_keeps_its_owner_as_it(analyse):
    a = analyse("Kenya repeated its claim that it had killed al-Shabaab fighters.", "2024-06-01")
    assert triples(a) == {("Kenya", "al-Shabaab", "ASSAULT")}


# -- extract4: a demonym that is also a communal group's name is the state on forces --------------

def test_coordinated_demonyms_on_troops_are_the_states_not_communal_groups(analyse):
    a = analyse("Armenian and Azeri troops exchanged fire.", "2024-06-01")
    assert find(a, "Armenia", "Azerbaijan", "ASSAULT").mutual
    assert "Armenian" not in {x for e in a.events for x in (e.actor, e.recipient)}


def test_a_communal_demonym_on_forces_beside_an_igo_is_the_state(analyse):
    a = analyse("Senegalese and AU soldiers raided MFDC bases in Casamance.", "2024-06-01")
    find(a, "Senegal", "MFDC", "ASSAULT")
    assert "Senegalese" not in {x for e in a.events for x in (e.actor, e.recipient)}


def test_a_communal_demonym_on_civilians_is_not_the_state(analyse):
    a = analyse("Senegalese fishermen clashed with Mauritanian troops.", "2024-06-01")
    assert "Senegal" not in {x for e in a.events for x in (e.actor, e.recipient)}


# -- extract5: a country in a locative phrase is where, not whom -----------------------------------

def test_a_country_where_a_named_target_is_hit_is_no_recipient(analyse):
    a = analyse("The PKK attacked Turkish soldiers in Iraq on Sunday. ISWAP killed Boko Haram commanders in Niger.",
                "2024-06-01")
    assert triples(a) == {("Kurdistan Workers' Party", "Turkey", "ASSAULT"),
                          ("Islamic State West Africa Province", "Boko Haram", "ASSAULT")}


def test_a_country_attacked_with_no_other_target_is_still_the_recipient(analyse):
    a = analyse("Al-Shabaab militants struck across Somalia on Monday.", "2024-06-01")
    find(a, "al-Shabaab", "Somalia", "ASSAULT")


# -- extract5: attacks that are stopped name no attack now ------------------------------------------

def test_halted_attacks_on_a_state_are_a_cessation_not_an_assault(analyse):
    a = analyse("The Houthis halted their attacks on Saudi Arabia.", "2024-06-01")
    assert triples(a) == {("Houthis", "Saudi Arabia", "RETREAT")}
    assert a.events[0].mutual


def test_agreeing_to_stop_attacks_is_a_promised_cessation(analyse):
    a = analyse("Hamas agreed with Egypt to stop attacks on Israel.", "2024-06-01")
    assert "ASSAULT" not in {e.type for e in a.events}
    assert find(a, "Hamas", "Egypt", "AGREE").mutual
    assert find(a, "Hamas", "Israel", "RETREAT").aux == ["future"]


def test_resumed_attacks_are_attacks(analyse):
    a = analyse("The Houthis resumed their attacks on Saudi Arabia.", "2024-06-01")
    assert triples(a) == {("Houthis", "Saudi Arabia", "ASSAULT")}


# -- extract5: the owner of a phrase's object is the recipient ---------------------------------------

def test_expelling_another_states_ambassador_sanctions_that_state(analyse):
    a = analyse("Niger expelled Benin's ambassador. Chad expelled the Sudanese ambassador.", "2024-06-01")
    find(a, "Niger", "Benin", "SANCTION")
    find(a, "Chad", "Sudan", "SANCTION")


def test_a_city_named_before_a_deal_is_where_it_was_made_not_a_party(analyse):
    a = analyse("Ethiopia and Somalia sign Doha deal on border trade.\n\n"
                "Kenya and Uganda signed the Doha agreement on Monday. Chad expelled the US ambassador.",
                "2024-06-01")
    assert not any("Qatar" in (x, r) for x, r, _ in triples(a))  # Doha is where, not who
    find(a, "Ethiopia", "Somalia", "AGREE")
    find(a, "Kenya", "Uganda", "AGREE")
    find(a, "Chad", "United States", "SANCTION")  # a name before a person still owns the person


def test_recalling_ones_own_ambassador_names_only_the_state_left(analyse):
    a = analyse("Niger recalled its ambassador from Benin. Chad expelled its own ambassador.", "2024-06-01")
    assert triples(a) == {("Niger", "Benin", "SANCTION")}


# -- extract5: a claim owned by a noun modifier ("US claims that ...") ------------------------------

def test_a_denied_claim_owned_by_a_modifier_is_the_owners_accusation(analyse):
    a = analyse("Uganda denied US claims that it backs al-Shabaab.", "2024-06-01")
    find(a, "United States", "Uganda", "ACCUSE")
    e = find(a, "Uganda", "al-Shabaab", "SUPPORT")
    assert e.status == "denied" and "United States" in e.claimed_by


def test_a_modifier_owned_claim_about_no_hostile_deed_accuses_no_one(analyse):
    a = analyse("Uganda welcomed US claims that talks were progressing.", "2024-06-01")
    assert "ACCUSE" not in {e.type for e in a.events}


# -- extract6: a vow or threat of a hostile act is a THREATEN, not the act ---------------------------

def test_vowing_strikes_on_a_state_threatens_it(analyse):
    a = analyse("The Houthis vowed fresh missile strikes on Saudi Arabia.", "2024-06-01")
    assert triples(a) == {("Houthis", "Saudi Arabia", "THREATEN")}
    assert a.events[0].aux == []


def test_threatening_reprisals_against_a_group_threatens_it(analyse):
    a = analyse("Ethiopia threatened harsh reprisals against the TPLF.", "2024-06-01")
    assert {t for t in triples(a) if t[2] in ("THREATEN", "ASSAULT")} == {
        ("Ethiopia", "Tigray People's Liberation Front", "THREATEN")}


def test_warning_of_attacks_is_no_attack(analyse):
    a = analyse("Al-Shabaab warned of more bombings against Uganda.", "2024-06-01")
    assert "ASSAULT" not in {e.type for e in a.events}


def test_strikes_carried_out_are_still_an_assault(analyse):
    a = analyse("The Houthis carried out fresh missile strikes on Saudi Arabia.", "2024-06-01")
    assert triples(a) == {("Houthis", "Saudi Arabia", "ASSAULT")}


def test_pledged_attacks_are_a_future_assault(analyse):
    a = analyse("Hamas pledged more rocket attacks on Israel.", "2024-06-01")
    assert find(a, "Hamas", "Israel", "ASSAULT").aux == ["future"]


def test_attacks_reported_are_not_future(analyse):
    a = analyse("Hamas claimed more rocket attacks on Israel.", "2024-06-01")
    assert "future" not in find(a, "Hamas", "Israel", "ASSAULT").aux


# -- extract6: rejecting or dismissing an accusation is a denial, not a REJECT ----------------------

def test_rejecting_a_states_accusation_is_a_denial_not_a_reject(analyse):
    a = analyse("Uganda rejected US accusations that it arms al-Shabaab.", "2024-06-01")
    assert "REJECT" not in {e.type for e in a.events}
    e = find(a, "Uganda", "al-Shabaab", "AID")
    assert e.status == "denied" and e.claimed_by == ["Uganda", "United States"]


def test_rejecting_a_groups_allegations_rejects_no_one(analyse):
    a = analyse("Uganda rejected the allegations of the Lord's Resistance Army.", "2024-06-01")
    assert "REJECT" not in {e.type for e in a.events}


def test_rejecting_a_states_peace_plan_is_still_a_reject(analyse):
    a = analyse("The Taliban rejected the US peace plan.", "2024-06-01")
    assert triples(a) == {("Taliban", "United States", "REJECT")}


# -- extract6: a state's demonym on a claim noun names the state as the claimant --------------------

def test_a_communal_demonym_on_allegations_is_the_accusing_state(analyse):
    a = analyse("Uganda denied Somali allegations that it arms al-Shabaab.", "2024-06-01")
    find(a, "Somalia", "Uganda", "ACCUSE")
    assert find(a, "Uganda", "al-Shabaab", "AID").claimed_by == ["Uganda", "Somalia"]
    assert "Somali" not in {x for e in a.events for x in (e.actor, e.recipient)}


def test_a_demonym_on_claims_is_the_accusing_state(analyse):
    a = analyse("Somalia rejected Kenyan claims that it shelters al-Shabaab.", "2024-06-01")
    find(a, "Kenya", "Somalia", "ACCUSE")
    e = find(a, "Somalia", "al-Shabaab", "AID")
    assert e.status == "denied" and e.claimed_by == ["Somalia", "Kenya"]


def test_a_demonym_on_media_reports_names_no_claimant_state(analyse):
    a = analyse("Uganda denied Kenyan media reports that it arms al-Shabaab.", "2024-06-01")
    assert "Kenya" not in {x for e in a.events for x in [e.actor, e.recipient, *e.claimed_by]}


# -- extract7: claims and denials: stray "that"-clauses, "from" owners, bare denials, refused demands --

def test_rejected_claims_by_a_state_with_the_clause_on_the_verb(analyse):
    a = analyse("Ethiopia rejected claims by Eritrea that it armed the TPLF.", "2024-06-01")
    find(a, "Eritrea", "Ethiopia", "ACCUSE")
    e = find(a, "Ethiopia", "Tigray People's Liberation Front", "AID")
    assert e.status == "denied" and e.claimed_by == ["Ethiopia", "Eritrea"]


def test_rejected_claims_with_content_not_an_accusation_accuse_no_one(analyse):
    a = analyse("Ethiopia rejected claims by Eritrea that the talks had stalled.", "2024-06-01")
    assert "ACCUSE" not in {e.type for e in a.events}


def test_accusations_from_a_state_are_its_own(analyse):
    a = analyse("Uganda dismissed accusations from Rwanda that it backs the ADF.", "2024-06-01")
    find(a, "Rwanda", "Uganda", "ACCUSE")
    assert find(a, "Uganda", "Allied Democratic Forces", "SUPPORT").claimed_by == ["Uganda", "Rwanda"]


def test_reports_from_a_state_are_no_claim_of_it(analyse):
    a = analyse("Uganda dismissed reports from Rwanda that it backs the ADF.", "2024-06-01")
    assert "ACCUSE" not in {e.type for e in a.events}
    assert find(a, "Uganda", "Allied Democratic Forces", "SUPPORT").claimed_by == ["Uganda"]


def test_a_bare_denial_of_an_owned_accusation_is_an_accusation_of_the_denier(analyse):
    a = analyse("Ethiopia dismissed Eritrea's accusations.", "2024-06-01")
    e = find(a, "Eritrea", "Ethiopia", "ACCUSE")
    assert e.status == "asserted"
    a = analyse("Uganda rejected the US allegation.", "2024-06-01")
    assert triples(a) == {("United States", "Uganda", "ACCUSE")}


def test_a_denied_accusation_against_another_keeps_its_target(analyse):
    a = analyse("Uganda dismissed Rwanda's accusations against Burundi.", "2024-06-01")
    assert triples(a) == {("Rwanda", "Burundi", "ACCUSE")}


def test_an_unowned_allegation_denied_accuses_no_one(analyse):
    a = analyse("Uganda rejected the allegation.", "2024-06-01")
    assert not a.events


def test_a_rejected_demand_was_made(analyse):
    a = analyse("Ethiopia rejected Eritrea's demands.", "2024-06-01")
    assert find(a, "Ethiopia", "Eritrea", "REJECT").status == "asserted"
    e = find(a, "Eritrea", "Ethiopia", "REQUEST")
    assert e.status == "asserted" and e.claimed_by == []


def test_a_denied_request_clause_stays_denied(analyse):
    a = analyse("Ethiopia denied that it had asked Eritrea for help.", "2024-06-01")
    assert find(a, "Ethiopia", "Eritrea", "REQUEST").status == "denied"


# -- extract7: a vow whose "that"-clause names a hostile act to come ---------------------------------

def test_a_vow_that_strikes_will_follow_threatens_their_target(analyse):
    a = analyse("Hezbollah vowed that fresh attacks on Israel would follow.", "2024-06-01")
    assert triples(a) == {("Hezbollah", "Israel", "THREATEN")}
    assert find(a, "Hezbollah", "Israel", "THREATEN").aux == []


def test_a_vow_that_talks_will_resume_threatens_no_one(analyse):
    a = analyse("Hezbollah vowed that talks with Israel would resume.", "2024-06-01")
    assert "THREATEN" not in {e.type for e in a.events}


def test_a_vow_about_strikes_that_ended_threatens_no_one(analyse):
    a = analyse("Hezbollah vowed that its attacks on Israel had ended.", "2024-06-01")
    assert "THREATEN" not in {e.type for e in a.events}
