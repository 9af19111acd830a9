/** What the domain needs to know of the reference data: which office serves whom. */

/** A post office: the communes it serves and the account its VietQR payments go to. */
export interface PostOffice {
  postOfficeCode: string;
  name: string;
  provinceCode: string;
  communeCodes: string[];
  collectionAccount?: { bankBin: string; accountNumber: string; accountName: string } | undefined;
  updatedAt: string;
}

/** A one-stop shop (agency) and the post office that serves it. */
export interface Agency {
  agencyCode: string;
  name: string;
  postOfficeCode: string;
  /** The letters of the agency's receipt series; four letters from its code when absent. */
  receiptSeriesLetters?: string | undefined;
  /** The form symbol (ký hiệu mẫu số) of its receipts; the common one for fee receipts when absent. */
  receiptFormSymbol?: string | undefined;
  /** Its tax code (mã số thuế), printed on the receipts issued in its name. */
  taxCode?: string | undefined;
  updatedAt: string;
}

export interface ReferenceData {
  postOffice(postOfficeCode: string): Promise<PostOffice | null>;
  agency(agencyCode: string): Promise<Agency | null>;
  /** The office that serves a commune's citizens, or null when none does. */
  officeServingCommune(communeCode: string): Promise<string | null>;
}
