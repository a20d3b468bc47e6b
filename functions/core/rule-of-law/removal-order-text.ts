import type { OrderLanguage, TcoGround } from '../../contract/rule-of-law';

/**
 * The fixed text of the removal order template (Regulation (EU) 2021/784 Annex I), in the
 * three languages Referral Desk issues in. Section headings follow Annex I: A issuing authority,
 * addressee, date and time, reference; B content, grounds, reasons; C information to the content
 * provider; D copy to the host Member State; E issuing authority; F follow-up contact; G redress.
 * Our own wording, kept close to the Annex; the Official Journal text governs.
 */
export interface OrderTemplateText {
  title: string;
  subtitle: string;
  sections: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G', string>;
  labels: {
    issuingMemberState: string;
    issuingAuthority: string;
    reference: string;
    issuedAt: string;
    addressee: string;
    legalRepresentative: string;
    addresseeContact: string;
    url: string;
    location: string;
    grounds: string;
    reasoning: string;
    hostMemberState: string;
    hostAuthority: string;
    address: string;
    contactPoint: string;
    email: string;
    phone: string;
  };
  obligation: string;
  preservation: string;
  disclose: string;
  doNotDisclose: (weeks: number) => string;
  noCrossBorder: string;
  crossBorderCopy: string;
  grounds: Record<TcoGround, string>;
  footer: string;
}

export const orderTemplates: Readonly<Record<OrderLanguage, OrderTemplateText>> = {
  en: {
    title: 'REMOVAL ORDER',
    subtitle: 'Article 3 of Regulation (EU) 2021/784 of the European Parliament and of the Council on addressing the dissemination of terrorist content online',
    sections: {
      A: 'SECTION A: Issuing authority, addressee, date and time of issuing, reference',
      B: 'SECTION B: Terrorist content to be removed or access to which is to be disabled in all Member States',
      C: 'SECTION C: Information to the content provider',
      D: 'SECTION D: Information to the competent authority of the Member State of main establishment',
      E: 'SECTION E: Details of the authority issuing the removal order',
      F: 'SECTION F: Contact point for follow-up',
      G: 'SECTION G: Information about redress',
    },
    labels: {
      issuingMemberState: 'Issuing Member State',
      issuingAuthority: 'Issuing competent authority',
      reference: 'Reference of the order',
      issuedAt: 'Date and time of issuing (UTC)',
      addressee: 'Addressee (hosting service provider)',
      legalRepresentative: 'Legal representative',
      addresseeContact: 'Addressee\'s contact point',
      url: 'Exact URL',
      location: 'Additional information to locate the content',
      grounds: 'Grounds (Article 2(7) of Regulation (EU) 2021/784)',
      reasoning: 'Statement of reasons',
      hostMemberState: 'Member State of main establishment',
      hostAuthority: 'Competent authority receiving a copy',
      address: 'Address',
      contactPoint: 'Contact point',
      email: 'Email',
      phone: 'Telephone',
    },
    obligation: 'The hosting service provider shall remove the terrorist content or disable access to it in all Member States as soon as possible and in any event within one hour of receipt of this removal order (Article 3(3)).',
    preservation: 'The hosting service provider shall preserve the removed content and related data for six months from the removal (Article 6).',
    disclose: 'The hosting service provider shall make information on the removal available to the content provider (Article 11(1) and (2)).',
    doNotDisclose: (weeks) => `For reasons of public security, the hosting service provider shall not disclose information on the removal or disabling to the content provider for ${weeks} week(s) from the issuing of this order (Article 11(3)).`,
    noCrossBorder: 'The hosting service provider has its main establishment or legal representative in the issuing Member State.',
    crossBorderCopy: 'A copy of this removal order is submitted at the same time to the competent authority of the Member State of main establishment (Article 4(1)).',
    grounds: {
      a: '(a) incites the commission of a terrorist offence, including by glorifying terrorist acts',
      b: '(b) solicits a person or a group of persons to commit or contribute to the commission of a terrorist offence',
      c: '(c) solicits a person or a group of persons to participate in the activities of a terrorist group',
      d: '(d) provides instruction on the making or use of explosives, firearms, other weapons, noxious or hazardous substances, or on other methods for committing terrorist offences',
      e: '(e) constitutes a threat to commit a terrorist offence',
    },
    footer: 'Issued by electronic means that produce a written record and allow the sender to be authenticated (Article 3(5)).',
  },
  fr: {
    title: 'INJONCTION DE RETRAIT',
    subtitle: 'Article 3 du règlement (UE) 2021/784 du Parlement européen et du Conseil relatif à la lutte contre la diffusion des contenus à caractère terroriste en ligne',
    sections: {
      A: 'SECTION A : Autorité d\'émission, destinataire, date et heure d\'émission, référence',
      B: 'SECTION B : Contenus à caractère terroriste à retirer ou dont l\'accès doit être bloqué dans tous les États membres',
      C: 'SECTION C : Informations destinées au fournisseur de contenus',
      D: 'SECTION D : Informations destinées à l\'autorité compétente de l\'État membre de l\'établissement principal',
      E: 'SECTION E : Coordonnées de l\'autorité qui émet l\'injonction de retrait',
      F: 'SECTION F : Point de contact pour le suivi',
      G: 'SECTION G : Informations relatives aux voies de recours',
    },
    labels: {
      issuingMemberState: 'État membre d\'émission',
      issuingAuthority: 'Autorité compétente d\'émission',
      reference: 'Référence de l\'injonction',
      issuedAt: 'Date et heure d\'émission (UTC)',
      addressee: 'Destinataire (fournisseur de services d\'hébergement)',
      legalRepresentative: 'Représentant légal',
      addresseeContact: 'Point de contact du destinataire',
      url: 'URL exacte',
      location: 'Informations complémentaires permettant de localiser le contenu',
      grounds: 'Motifs (article 2, point 7, du règlement (UE) 2021/784)',
      reasoning: 'Exposé des motifs',
      hostMemberState: 'État membre de l\'établissement principal',
      hostAuthority: 'Autorité compétente destinataire d\'une copie',
      address: 'Adresse',
      contactPoint: 'Point de contact',
      email: 'Courriel',
      phone: 'Téléphone',
    },
    obligation: 'Le fournisseur de services d\'hébergement retire les contenus à caractère terroriste ou en bloque l\'accès dans tous les États membres dès que possible et, en tout état de cause, dans un délai d\'une heure à compter de la réception de la présente injonction de retrait (article 3, paragraphe 3).',
    preservation: 'Le fournisseur de services d\'hébergement conserve les contenus retirés et les données connexes pendant six mois à compter du retrait (article 6).',
    disclose: 'Le fournisseur de services d\'hébergement met à la disposition du fournisseur de contenus les informations relatives au retrait (article 11, paragraphes 1 et 2).',
    doNotDisclose: (weeks) => `Pour des raisons de sécurité publique, le fournisseur de services d'hébergement ne divulgue pas au fournisseur de contenus d'informations sur le retrait ou le blocage pendant ${weeks} semaine(s) à compter de l'émission de la présente injonction (article 11, paragraphe 3).`,
    noCrossBorder: 'Le fournisseur de services d\'hébergement a son établissement principal ou son représentant légal dans l\'État membre d\'émission.',
    crossBorderCopy: 'Une copie de la présente injonction de retrait est transmise simultanément à l\'autorité compétente de l\'État membre de l\'établissement principal (article 4, paragraphe 1).',
    grounds: {
      a: 'a) incite à commettre une infraction terroriste, y compris par l\'apologie d\'actes terroristes',
      b: 'b) sollicite une personne ou un groupe de personnes pour commettre une infraction terroriste ou contribuer à sa commission',
      c: 'c) sollicite une personne ou un groupe de personnes pour participer aux activités d\'un groupe terroriste',
      d: 'd) fournit des instructions sur la fabrication ou l\'utilisation d\'explosifs, d\'armes à feu, d\'autres armes, de substances nocives ou dangereuses, ou sur d\'autres méthodes en vue de commettre des infractions terroristes',
      e: 'e) constitue une menace de commettre une infraction terroriste',
    },
    footer: 'Émise par voie électronique permettant de laisser une trace écrite et d\'authentifier l\'expéditeur (article 3, paragraphe 5).',
  },
  de: {
    title: 'ENTFERNUNGSANORDNUNG',
    subtitle: 'Artikel 3 der Verordnung (EU) 2021/784 des Europäischen Parlaments und des Rates zur Bekämpfung der Verbreitung terroristischer Online-Inhalte',
    sections: {
      A: 'ABSCHNITT A: Anordnende Behörde, Adressat, Datum und Uhrzeit des Erlasses, Aktenzeichen',
      B: 'ABSCHNITT B: Terroristische Inhalte, die in allen Mitgliedstaaten zu entfernen oder zu sperren sind',
      C: 'ABSCHNITT C: Informationen für den Inhalteanbieter',
      D: 'ABSCHNITT D: Informationen für die zuständige Behörde des Mitgliedstaats der Hauptniederlassung',
      E: 'ABSCHNITT E: Angaben zur Behörde, die die Entfernungsanordnung erlässt',
      F: 'ABSCHNITT F: Kontaktstelle für Folgemaßnahmen',
      G: 'ABSCHNITT G: Informationen über Rechtsbehelfe',
    },
    labels: {
      issuingMemberState: 'Anordnender Mitgliedstaat',
      issuingAuthority: 'Anordnende zuständige Behörde',
      reference: 'Aktenzeichen der Anordnung',
      issuedAt: 'Datum und Uhrzeit des Erlasses (UTC)',
      addressee: 'Adressat (Hostingdiensteanbieter)',
      legalRepresentative: 'Rechtsvertreter',
      addresseeContact: 'Kontaktstelle des Adressaten',
      url: 'Genaue URL',
      location: 'Zusätzliche Angaben zur Auffindung der Inhalte',
      grounds: 'Gründe (Artikel 2 Nummer 7 der Verordnung (EU) 2021/784)',
      reasoning: 'Begründung',
      hostMemberState: 'Mitgliedstaat der Hauptniederlassung',
      hostAuthority: 'Zuständige Behörde, die eine Kopie erhält',
      address: 'Anschrift',
      contactPoint: 'Kontaktstelle',
      email: 'E-Mail',
      phone: 'Telefon',
    },
    obligation: 'Der Hostingdiensteanbieter entfernt die terroristischen Inhalte oder sperrt den Zugang zu ihnen in allen Mitgliedstaaten so schnell wie möglich, in jedem Fall aber innerhalb einer Stunde nach Erhalt dieser Entfernungsanordnung (Artikel 3 Absatz 3).',
    preservation: 'Der Hostingdiensteanbieter speichert die entfernten Inhalte und die zugehörigen Daten für einen Zeitraum von sechs Monaten ab der Entfernung (Artikel 6).',
    disclose: 'Der Hostingdiensteanbieter stellt dem Inhalteanbieter Informationen über die Entfernung zur Verfügung (Artikel 11 Absätze 1 und 2).',
    doNotDisclose: (weeks) => `Aus Gründen der öffentlichen Sicherheit gibt der Hostingdiensteanbieter dem Inhalteanbieter für ${weeks} Woche(n) ab Erlass dieser Anordnung keine Informationen über die Entfernung oder Sperrung bekannt (Artikel 11 Absatz 3).`,
    noCrossBorder: 'Der Hostingdiensteanbieter hat seine Hauptniederlassung oder seinen Rechtsvertreter im anordnenden Mitgliedstaat.',
    crossBorderCopy: 'Eine Kopie dieser Entfernungsanordnung wird gleichzeitig der zuständigen Behörde des Mitgliedstaats der Hauptniederlassung übermittelt (Artikel 4 Absatz 1).',
    grounds: {
      a: 'a) stiftet zur Begehung einer terroristischen Straftat an, auch durch Verherrlichung terroristischer Handlungen',
      b: 'b) bestimmt eine Person oder eine Personengruppe dazu, eine terroristische Straftat zu begehen oder zu ihrer Begehung beizutragen',
      c: 'c) bestimmt eine Person oder eine Personengruppe dazu, sich an den Handlungen einer terroristischen Vereinigung zu beteiligen',
      d: 'd) unterweist in der Herstellung oder im Gebrauch von Sprengstoffen, Feuerwaffen, sonstigen Waffen, schädlichen oder gefährlichen Stoffen oder in anderen Methoden zur Begehung terroristischer Straftaten',
      e: 'e) stellt eine Drohung mit der Begehung einer terroristischen Straftat dar',
    },
    footer: 'Erlassen auf elektronischem Weg, der einen schriftlichen Nachweis erzeugt und die Authentifizierung des Absenders ermöglicht (Artikel 3 Absatz 5).',
  },
};
