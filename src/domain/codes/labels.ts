// Every code shown to a person carries a label in both national languages and in English.
export type Lang = 'fi' | 'sv' | 'en';

export type Labels = Readonly<Record<Lang, string>>;
