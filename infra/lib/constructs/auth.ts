// Cognito user pool that issues the JWTs the HTTP API authorizer verifies. Roles are user-pool
// groups; they arrive in the token's `cognito:groups` claim and handlers check them (the API
// authorizer only authenticates).
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES, type Role } from '@theta/http/principal';

/**
 * One user-pool group per role the handlers check. Keyed by Role, so adding a role to ROLES
 * (packages/http) fails type-checking here until the group is described and thus created.
 */
const GROUP_DESCRIPTIONS: Record<Role, string> = {
  tasker: 'Takes placements and practice sessions',
  onboarding: 'Invites taskers and reviews their placement results',
  ops: 'Operates the service: routing overrides, audits, support',
  author: 'Writes items and blueprints in the item bank',
  quality: 'A quality service: posts audit scores of delivered work (quality signals)',
};

export const COGNITO_GROUPS: readonly { name: Role; description: string }[] = ROLES.map((name) => ({
  name,
  description: GROUP_DESCRIPTIONS[name],
}));

export interface ThetaAuthProps {
  stage: string;
  /** TOTP required for every user (staging, prod); optional in dev */
  mfaRequired: boolean;
  /** threat protection blocks risky sign-ins (staging, prod) instead of only logging them (dev) */
  enforceThreatProtection: boolean;
  retainData: boolean;
  deletionProtection: boolean;
  /** hosted-UI domain prefix: https://<prefix>.auth.<region>.amazoncognito.com */
  domainPrefix: string;
  /** where the web app is served (https://<distribution>); the hosted UI returns there */
  webAppUrl: string;
}

/** The web app's OAuth return paths (packages/web/src/auth). */
export const WEB_CALLBACK_PATH = '/auth/callback';
export const WEB_LOGOUT_PATH = '/';

export class ThetaAuth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** the hosted sign-in UI (Cognito domain) */
  readonly domain: cognito.UserPoolDomain;
  /** the browser app's client: authorization code + PKCE through the hosted UI */
  readonly webClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: ThetaAuthProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `theta-${props.stage}`,
      // Accounts are provisioned by onboarding/ops (admin-create-user), never self-registered.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      mfa: props.mfaRequired ? cognito.Mfa.REQUIRED : cognito.Mfa.OPTIONAL,
      // TOTP only: SMS needs an SNS role, sandbox exit and per-message cost, and is the weaker factor.
      mfaSecondFactor: { otp: true, sms: false },
      // Plus tier for threat protection (compromised-credential checks, adaptive authentication).
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: props.enforceThreatProtection
        ? cognito.StandardThreatProtectionMode.FULL_FUNCTION
        : cognito.StandardThreatProtectionMode.AUDIT_ONLY,
      userInvitation: {
        emailSubject: 'Your Theta account',
        emailBody: 'Your Theta username is {username} and your temporary password is {####}. You will be asked to change it when you first sign in.',
      },
      deletionProtection: props.deletionProtection,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    COGNITO_GROUPS.forEach((group, i) => {
      this.userPool.addGroup(`Group${group.name.charAt(0).toUpperCase()}${group.name.slice(1)}`, {
        groupName: group.name,
        description: group.description,
        // Lower precedence wins for the (unused) group IAM role; order is otherwise irrelevant.
        precedence: i,
      });
    });

    this.client = this.userPool.addClient('ApiClient', {
      userPoolClientName: `theta-${props.stage}-api`,
      // Public client (browser / CLI): a secret could not be kept secret there.
      generateSecret: false,
      authFlows: {
        userSrp: true,
        // Lets operators and integration tests get a token with IAM credentials
        // (aws cognito-idp admin-initiate-auth); it still enforces the pool's MFA setting.
        adminUserPassword: true,
      },
      // No hosted UI / OAuth redirects yet; the CDK default would register https://example.com.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    this.domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
    });

    this.webClient = this.userPool.addClient('WebClient', {
      userPoolClientName: `theta-${props.stage}-web`,
      // Public client in the browser: no secret; PKCE (S256, sent by the app) protects the code exchange.
      generateSecret: false,
      // Only the hosted UI signs in here: no direct password flows from the page.
      authFlows: { userSrp: false, userPassword: false, adminUserPassword: false, custom: false },
      oAuth: {
        // code grant only: the implicit grant would put tokens in the URL
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: [`${props.webAppUrl}${WEB_CALLBACK_PATH}`],
        logoutUrls: [`${props.webAppUrl}${WEB_LOGOUT_PATH}`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      // shorter than the API client's: a browser tab is a weaker place to keep a long-lived credential
      refreshTokenValidity: Duration.hours(12),
    });

    if (!props.mfaRequired) {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason:
          'dev only: the dev pool holds synthetic test accounts and integration tests sign in non-interactively with ADMIN_USER_PASSWORD_AUTH. staging and prod set MFA to REQUIRED (TOTP).',
      });
    }
  }
}
