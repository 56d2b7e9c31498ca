"""Admin strings that Wagtail 7.4 and wagtail-modeltranslation show but whose own Spanish catalogs
lack (Wagtail's translations lag behind its releases; wagtail-modeltranslation ships none), and the
names of the moderation workflow and its task.

Nothing here is called: listing a msgid makes `make messages` keep it in locale/, where the project
translates it. LOCALE_PATHS come before the apps' catalogs, so that translation wins over Wagtail's,
and the interface-strings editor lists these as "admin (Wagtail)". Each msgid must be exactly the one
Wagtail asks for (templates' {% blocktranslate trimmed %} text included): a copy that differs by a
character translates nothing. When Wagtail is upgraded, compare with its catalogs again.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# Named per language (interface_strings/workflow_names.py): the workflow and its task, created by
# core/admin/roles.py, are stored under these English names and shown in the admin's language.
WORKFLOW_NAMES = (gettext_noop("Moderators approval"),)
# The same for the staff groups (core/admin/roles.py) wherever a group is shown (the user form, the
# groups, the workflow's task), and for Wagtail's root page and root collection.
GROUP_NAMES = (gettext_noop("Editors"), gettext_noop("Moderators"), gettext_noop("Translators"))
ROOT_NAMES = (gettext_noop("Root"),)

# wagtail-modeltranslation (its editor's language switch).
MODELTRANSLATION = (gettext_noop("View / edit fields for"),)

# Django derives the label of Wagtail's login form's password field from its name, untranslated:
# core/admin/login.py labels it with this msgid.
LOGIN = (gettext_noop("Password"),)


# wagtail.admin
WAGTAIL_ADMIN = (
    gettext_noop("any"),
    gettext_noop("%(range_start)s - %(range_end)s"),
    gettext_noop("You do not have permission to access the admin."),
    gettext_noop("Minimum"),
    gettext_noop("Maximum"),
    gettext_noop("Usage count"),
    gettext_noop("Filter by up to ten most popular tags."),
    gettext_noop("Use server language: %(language_name)s"),
    gettext_noop("Use server time zone"),
    gettext_noop("Please select another parent."),
    gettext_noop("Expiry date/time must be in the future."),
    gettext_noop("The slug '%(page_slug)s' is already in use within the parent page."),
    gettext_noop("The new page will be a child of this given parent page."),
    gettext_noop('You do not have permission to create a page under "%(page_title)s".'),
    gettext_noop('You cannot create a page of type "%(page_type)s" under "%(page_title)s".'),
    gettext_noop("Search…"),
    gettext_noop("Tag(s) %(value_too_long)s are over %(max_tag_length)d characters."),
    gettext_noop("Snippet '%(content_type)s' already has workflow '%(workflow_name)s' assigned."),
    gettext_noop("Can access Wagtail admin"),
    gettext_noop("item"),
    gettext_noop("items"),
    gettext_noop("Go to the first error"),
    gettext_noop("There are no results."),
    gettext_noop(
        "This %(model_name)s was marked as needing changes at <strong>%(task)s</strong> in <strong>%(workflow)s</strong>."
    ),
    gettext_noop(
        "This %(model_name)s is currently at <strong>%(task)s</strong> in <strong>%(workflow)s</strong>."
    ),
    gettext_noop("Publishing this %(model_name)s will cancel the current workflow."),
    gettext_noop("Actions (footer)"),
    gettext_noop(
        'There are no %(model_name)s to display. Why not <a href="%(add_url)s">add one</a>?'
    ),
    gettext_noop("Wagtail %(current_version)s editor guide"),
    gettext_noop("Privacy and access"),
    gettext_noop("Wagtail upgrade available"),
    gettext_noop(
        'Your version: <strong>%(current_version)s</strong>. New version: <strong data-w-upgrade-target="latestVersion"></strong>.'
    ),
    gettext_noop("Your pages and snippets in a workflow"),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been approved in moderation stage "%(task)s".'
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been approved in "%(task)s".'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been rejected in moderation stage "%(task)s".'
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been rejected during "%(task)s".'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s".'
    ),
    gettext_noop("You can preview the %(model_name)s here:"),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for approval to moderation stage "%(task)s".'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s"'
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been approved in workflow "%(workflow)s".'),
    gettext_noop('The %(model_name)s "%(title)s" has been approved in "%(workflow)s".'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s" by %(rejector)s.'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s".'
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been rejected during "%(workflow)s".'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s" by %(requester)s.'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s".'
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been submitted to workflow "%(workflow)s"'),
    gettext_noop("Changing the privacy for this page has been disabled."),
    gettext_noop("Scheduling…"),
    gettext_noop("Schedule to publish"),
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site."
    ),
    gettext_noop("No results across entire site."),
    gettext_noop("Search in '<span class=\"w-title-ellipsis\">%(title)s</span>'"),
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s in '<span class=\"w-title-ellipsis\">%(title)s</span>'."
    ),
    gettext_noop("No results in '<span class=\"w-title-ellipsis\">%(title)s</span>'."),
    gettext_noop("Search the whole site"),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    gettext_noop("Choose when this %(model_name)s should go live and/or expire"),
    gettext_noop(
        'This publishing schedule will only take effect after you select the "Schedule to publish" option'
    ),
    gettext_noop("App"),
    gettext_noop("Last edited page"),
    gettext_noop("Last edit"),
    gettext_noop("No page types found."),
    gettext_noop("No pages/snippets have been submitted for moderation yet"),
    gettext_noop("%(field_label)s:"),
    gettext_noop("Saved"),
    gettext_noop("Autosave is paused"),
    gettext_noop("Edit account avatar"),
    gettext_noop("You saved a new version in another window"),
    gettext_noop("System"),
    gettext_noop("%(user_name)s saved a new version"),
    gettext_noop("View latest version"),
    gettext_noop("You have unsaved changes in another window"),
    gettext_noop("%(user_name)s has unsaved changes"),
    gettext_noop("Currently idle"),
    gettext_noop("Currently viewing"),
    gettext_noop("Proceeding will overwrite the changes you made in that window."),
    gettext_noop("Proceeding will overwrite the changes made by %(user_name)s."),
    gettext_noop("Alternatively, you can view the latest version in a new tab."),
    gettext_noop("A network error occurred"),
    gettext_noop(
        "Troubleshoot your connection to the site before proceeding. Open the editor in a separate tab to view the last saved version."
    ),
    gettext_noop("Show filters"),
    gettext_noop("Filter by"),
    gettext_noop("account"),
    gettext_noop("Keyboard shortcuts"),
    gettext_noop(
        "Keyboard shortcuts are currently disabled; manage your %(account_link)s to enable them."
    ),
    gettext_noop("All keyboard shortcuts"),
    gettext_noop("Section"),
    gettext_noop("Keyboard shortcut"),
    gettext_noop(
        "Keyboard shortcuts are currently enabled; manage your %(account_link)s to disable them."
    ),
    gettext_noop("Show issue"),
    gettext_noop("Content metrics"),
    gettext_noop("Words"),
    gettext_noop("Reading time"),
    gettext_noop("Readability"),
    gettext_noop("This data explained"),
    gettext_noop("How we calculate our metrics"),
    gettext_noop(
        "We extract the main content from the page preview, remove all formatting, and calculate the number of words."
    ),
    gettext_noop(
        "We calculate reading time from word count, using different reading speeds for different languages."
    ),
    gettext_noop(
        "We use a readability formula based on length of words and sentences. Long sentences and words result in a worse readability score."
    ),
    gettext_noop(
        'See our <a href="%(guide_link)s" target="_blank">content checks guide</a> for more information on how content metrics are calculated.'
    ),
    gettext_noop("Locking: "),
    gettext_noop("Anyone can edit this %(model_name)s – lock it to prevent others from editing"),
    gettext_noop("To be created by %(user)s"),
    gettext_noop("Invalid schedule"),
    gettext_noop("Once scheduled:"),
    gettext_noop("Refreshing…"),
    gettext_noop("Refresh"),
    gettext_noop("First published"),
    gettext_noop("Autosave is <span>paused</span>"),
    gettext_noop("Save your changes before leaving"),
    gettext_noop("One or more references to this %(model_name)s prevent it from being deleted."),
    gettext_noop("This %(model_name)s hasn't been submitted for moderation yet"),
    gettext_noop("Item %(index)s of %(total)s"),
    gettext_noop("Disable custom ordering"),
    gettext_noop("Enable custom ordering"),
    gettext_noop("Checks"),
    gettext_noop("Warnings"),
    gettext_noop("Assign your workflow to snippets"),
    gettext_noop("This workflow is disabled so it cannot be assigned to any snippets."),
    gettext_noop(
        'Why not <a class="create-one-now" href="#tab-new" data-action="w-tabs#select:prevent" data-w-tabs-target="trigger" data-w-tabs-focus-param="true">create one now</a>?'
    ),
    gettext_noop("More bulk actions"),
    gettext_noop("Application"),
    gettext_noop("Show keyboard shortcuts"),
    gettext_noop("Toggle minimap"),
    gettext_noop("Close modal dialogs (like this one)"),
    gettext_noop("Save changes"),
    gettext_noop("Add or show comments"),
    gettext_noop("Text editing"),
    gettext_noop("Cut"),
    gettext_noop("Paste"),
    gettext_noop("Paste and match style"),
    gettext_noop("Paste without formatting"),
    gettext_noop("Text formatting"),
    gettext_noop("Insert or edit a link"),
    gettext_noop("Monospace (code)"),
    gettext_noop("Strike-through"),
    gettext_noop("Toggle checks"),
    gettext_noop("(blank)"),
    gettext_noop("Sort by '%(label)s' in ascending order."),
    gettext_noop("Sort by '%(label)s' in descending order."),
    gettext_noop("'%(page_title)s' has been moved successfully."),
    gettext_noop(
        "Focus on the drag button and press up or down arrows to move the item, then press enter to submit the change."
    ),
    gettext_noop("Button text is empty"),
    gettext_noop("Use meaningful text for screen reader users"),
    gettext_noop("Empty heading found"),
    gettext_noop("Table header text is empty"),
    gettext_noop("Empty frame title found"),
    gettext_noop("Use a meaningful title for screen reader users"),
    gettext_noop("Incorrect heading hierarchy"),
    gettext_noop("Avoid skipping levels"),
    gettext_noop("Input button text is empty"),
    gettext_noop("Link text is empty"),
    gettext_noop("Misusing paragraphs as headings"),
    gettext_noop("Use proper heading tags"),
    gettext_noop("Image alt text has inappropriate pattern"),
    gettext_noop("Use meaningful text"),
    gettext_noop("Meta description is empty"),
    gettext_noop("Add a concise description for search engines"),
    gettext_noop("%(classname)s object (%(id)s)"),
    gettext_noop("No %(model_name)s match your query."),
    gettext_noop("There are no %(model_name)s to display."),
    gettext_noop("%(model_name)s '%(title)s' is now unlocked."),
    gettext_noop("%(model_name)s '%(object)s' has been submitted for moderation."),
    gettext_noop("%(model_name)s '%(object)s' created and submitted for moderation."),
    gettext_noop("Workflow on %(model_name)s '%(object)s' has been restarted."),
    gettext_noop("Workflow on %(model_name)s '%(object)s' has been cancelled."),
    gettext_noop("Saving will overwrite a newer version."),
    gettext_noop("The %(model_name)s could not be saved as it is locked"),
    gettext_noop("%(related_model_name)s %(field_label)s"),
    gettext_noop("Sort item order"),
    gettext_noop("More options for '%(title)s'"),
    gettext_noop("There are validation errors, click save to highlight them."),
    gettext_noop("Compare"),
    gettext_noop("Preview for %(block_label)s (%(block_type)s)"),
    gettext_noop("If you confirm deletion"),
    gettext_noop("The %(model_name)s '%(title)s' is not currently awaiting moderation."),
    gettext_noop(
        "The %(model_name)s '%(title)s' is not currently awaiting moderation in task '%(task_name)s'."
    ),
    gettext_noop("Search all pages…"),
    gettext_noop("Privacy is inherited from the ancestor page - %(ancestor_page)s"),
    gettext_noop("%(parent_pages)s and %(child_pages)s have been deleted"),
    gettext_noop("%(parent_pages)s and %(child_pages)s have been published"),
    gettext_noop("%(parent_pages)s and %(child_pages)s have been unpublished"),
    gettext_noop("Choose parent"),
    gettext_noop("Create a new %(model_name)s"),
    gettext_noop("Request to create %(model_name)s was blocked by hook."),
    gettext_noop("The page could not be created due to validation errors."),
    gettext_noop("Request to edit %(model_name)s was blocked by hook."),
    gettext_noop("The page could not be saved as it is locked."),
    gettext_noop("The page could not be saved due to validation errors."),
    gettext_noop("Is commenting action"),
    gettext_noop("Date updated"),
    gettext_noop("Edited by"),
    gettext_noop("Has child pages"),
    gettext_noop("Any"),
    gettext_noop("Page type"),
    gettext_noop("Exploring"),
    gettext_noop(
        "The slug '%(page_slug)s' is already in use at the selected parent page. Make sure the slug is unique and try again."
    ),
    gettext_noop("Placeholder title"),
    gettext_noop("Page types usage"),
    gettext_noop("Page/Snippet ID"),
    gettext_noop("Page/Snippet Type"),
    gettext_noop("Page/Snippet Title"),
    gettext_noop("By task"),
    gettext_noop("By workflow"),
    gettext_noop("Show disabled"),
    gettext_noop("Shortcuts"),
)
WAGTAIL_ADMIN_PLURALS = (
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    ngettext_lazy(
        "This action will delete <b>%(total_pages_formatted)s</b> page in total.",
        "This action will delete <b>%(total_pages_formatted)s</b> pages in total.",
    ),
    ngettext_lazy(
        "One other user is currently viewing",
        "%(num_user)s other users are currently viewing",
    ),
    ngettext_lazy(
        "This %(model_name)s is referenced %(usage_count)s time.",
        "This %(model_name)s is referenced %(usage_count)s times.",
    ),
    ngettext_lazy(
        "1 snippet type",
        "%(counter)s snippet types",
    ),
    ngettext_lazy(
        "Referenced %(count)s time",
        "Referenced %(count)s times",
    ),
    ngettext_lazy(
        "%(num_parent_objects)d page has been deleted",
        "%(num_parent_objects)d pages have been deleted",
    ),
    ngettext_lazy(
        "%(num_parent_objects)d page",
        "%(num_parent_objects)d pages",
    ),
    ngettext_lazy(
        "%(num_child_objects)d child page",
        "%(num_child_objects)d child pages",
    ),
    ngettext_lazy(
        "%(num_parent_objects)d page has been published",
        "%(num_parent_objects)d pages have been published",
    ),
    ngettext_lazy(
        "%(num_parent_objects)d page has been unpublished",
        "%(num_parent_objects)d pages have been unpublished",
    ),
    ngettext_lazy(
        "This workflow is in progress on %(states_in_progress)d page/snippet. Disabling this workflow will cancel moderation on this page/snippet.",
        "This workflow is in progress on %(states_in_progress)d pages/snippets. Disabling this workflow will cancel moderation on these pages/snippets.",
    ),
    ngettext_lazy(
        "This task is in progress on %(states_in_progress)d page/snippet. Disabling this task will cause it to be skipped in the moderation workflow and not be listed for selection when editing a workflow.",
        "This task is in progress on %(states_in_progress)d pages/snippets. Disabling this task will cause it to be skipped in the moderation workflow and not be listed for selection when editing a workflow.",
    ),
)

# wagtail.contrib.settings
WAGTAIL_SETTINGS = (gettext_noop("%(model)s permissions"),)

# wagtail.contrib.redirects
WAGTAIL_REDIRECTS = (
    gettext_noop('File format of type "%(extension)s" is not supported.'),
    gettext_noop("Imported file has a wrong encoding: %(error_message)s."),
    gettext_noop("%(error)s encountered while trying to read file: %(filename)s."),
)

# wagtail.documents
WAGTAIL_DOCUMENTS = (
    gettext_noop("Maximum filesize: %(max_upload_size)s."),
    gettext_noop(
        'Why not <a class="upload-one-now" href="#tab-upload" data-action="w-tabs#select:prevent" data-w-tabs-target="trigger" data-w-tabs-focus-param="true">upload one now</a>?'
    ),
    gettext_noop("The document could not be created due to errors."),
    gettext_noop("The file could not be found. Please change the source or delete the document."),
)
WAGTAIL_DOCUMENTS_PLURALS = (
    ngettext_lazy(
        '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
    ),
)

# wagtail.images
WAGTAIL_IMAGES = (
    gettext_noop(
        "Not a valid .%(extension)s image. The extension does not match the file format (%(image_format)s)"
    ),
    gettext_noop("Layout"),
    gettext_noop("Grid layout"),
    gettext_noop("List layout"),
    gettext_noop("Image URL"),
    gettext_noop("Copy URL"),
    gettext_noop("Copied to clipboard"),
    gettext_noop("Copying to clipboard failed"),
    gettext_noop(
        "Please provide an image description to comply with best practices for accessibility."
    ),
    gettext_noop("Usage count: (low to high)"),
    gettext_noop("Usage count: (high to low)"),
    gettext_noop("Generate URL"),
    gettext_noop("The filter options you have selected are not valid."),
)
WAGTAIL_IMAGES_PLURALS = (
    ngettext_lazy(
        '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
    ),
)

# wagtail (core)
WAGTAIL_CORE = (
    gettext_noop("Unknown content type"),
    gettext_noop("Date cannot be in the future."),
    gettext_noop("No one can make changes while the %(model_name)s is locked"),
    gettext_noop("<b>'{title}' was locked</b> by <b>you</b> on <b>{datetime}</b>."),
    gettext_noop("<b>'{title}' is locked</b> by <b>you</b>."),
    gettext_noop("<b>'{title}' was locked</b> by <b>{user}</b> on <b>{datetime}</b>."),
    gettext_noop("<b>'{title}' is locked</b>."),
    gettext_noop("Locked by you"),
    gettext_noop("Locked by another user"),
    gettext_noop("Only you can make changes while the %(model_name)s is locked"),
    gettext_noop("Only %(user)s can make changes while the %(model_name)s is locked"),
    gettext_noop("This %(model_name)s is currently awaiting moderation."),
    gettext_noop(
        "This {model_name} is awaiting <b>'{task_name}'</b> in the <b>'{workflow_name}'</b> workflow."
    ),
    gettext_noop("Only reviewers for this task can edit the %(model_name)s."),
    gettext_noop("Locked by workflow"),
    gettext_noop(
        "Reviewers can edit this %(model_name)s – lock it to prevent other reviewers from editing"
    ),
    gettext_noop("Only reviewers can edit and approve the %(model_name)s"),
    gettext_noop(
        "{model_name} '{title}' is locked and has been scheduled to go live at {datetime}"
    ),
    gettext_noop("Locked by schedule"),
    gettext_noop("Currently locked and will go live on the scheduled date"),
    gettext_noop("locale"),
    gettext_noop("for content type"),
    gettext_noop(
        "The slug '%(page_slug)s' is already in use within the parent page at '%(parent_url_path)s'."
    ),
    gettext_noop("Cannot overwrite a revision that is not the latest for this %(model_name)s."),
    gettext_noop("Cannot overwrite a revision that was not created by the current user."),
    gettext_noop("the %(model_name)s will also be deleted"),
    gettext_noop("prevents deletion"),
    gettext_noop("will be set to the default %(model_name)s"),
    gettext_noop("will do nothing"),
    gettext_noop("may prevent deletion"),
    gettext_noop("will be set to a %(model_name)s specified by the system"),
    gettext_noop("will unset the reference"),
    gettext_noop("group site permission"),
    gettext_noop("group site permissions"),
    gettext_noop("Private, accessible with a shared password"),
    gettext_noop("Private, accessible to any logged-in users"),
    gettext_noop("shared password"),
    gettext_noop(
        "Shared passwords should not be used to protect sensitive content. Anyone who has this password will be able to view the content."
    ),
    gettext_noop(
        "There may only be one in progress or needs changes workflow state per page/snippet."
    ),
    gettext_noop("Workflow '%(workflow_name)s' on %(model_name)s '%(title)s': %(status)s"),
    gettext_noop(
        "Active workflows can be added to pages/snippets. Deactivating a workflow does not remove it from existing pages/snippets."
    ),
    gettext_noop(
        "Pages/snippets at this step in a workflow will be moderated or approved by these groups of users"
    ),
    gettext_noop("Task '%(task_name)s' on Revision '%(revision_info)s': %(status)s"),
    gettext_noop("Removed the '%(restriction)s' view restriction. The page is public."),
)

# wagtail.snippets
WAGTAIL_SNIPPETS = ()
WAGTAIL_SNIPPETS_PLURALS = (
    ngettext_lazy(
        "%(count)d %(model_name)s deleted.",
        "%(count)d %(model_name)s deleted.",
    ),
)

# wagtail.users
WAGTAIL_USERS = (
    gettext_noop("System default"),
    gettext_noop("Light"),
    gettext_noop("Dark"),
    gettext_noop("admin theme"),
    gettext_noop("More contrast"),
    gettext_noop("contrast"),
    gettext_noop("Snug"),
    gettext_noop("density"),
    gettext_noop("Enable custom keyboard shortcuts specific to Wagtail."),
    gettext_noop("Toggle all"),
    gettext_noop("Toggle all add permissions"),
    gettext_noop("Toggle all change permissions"),
    gettext_noop("Toggle all delete permissions"),
    gettext_noop("Toggle all custom permissions"),
    gettext_noop("Sorry, no users match your query"),
    gettext_noop("Can view"),
    gettext_noop("Mark as active"),
    gettext_noop("Last login"),
    gettext_noop("Access level"),
)


# Wagtail's Spanish catalog says "tú" where this admin says "usted", and has slips ("etiquedas",
# "calquiera", "no será accesibles", "Cambios solicitados el <tarea>"); a few strings stay English
# (the users' "Admin" access level, the tree's "Root"), and the slug's help points at
# http://domain.com. The project's translations of these msgids win over Wagtail's
# (tests/test_admin_spanish_crawl.py reads every admin screen for them).
WAGTAIL_USTED = (
    gettext_noop("Add/edit pages you own"),
    gettext_noop("The page title as you'd like it to be seen by the public"),
    gettext_noop(
        "Set this to something other than 80 if you need a specific port number to appear in URLs (e.g. development on port 8000). Does not affect request handling (so port forwarding still works)."
    ),
    gettext_noop("Sorry, you do not have permission to access this area."),
    gettext_noop("Enter password"),
    gettext_noop("Enter your email address to reset your password"),
    gettext_noop(
        "Select hierarchical position. Note: a collection cannot become a child of itself or one of its descendants."
    ),
    gettext_noop("You cannot have multiple permission records for the same collection."),
    gettext_noop("You cannot edit another user's comment."),
    gettext_noop("Publish copies"),
    gettext_noop('You do not have permission to copy to page "%(page_title)s"'),
    gettext_noop("You cannot copy a page into itself when copying subpages"),
    gettext_noop("You cannot assign this workflow to the same page multiple times."),
    gettext_noop("Give your workflow a name"),
    gettext_noop("Add tasks to your workflow"),
    gettext_noop("Set your new password"),
    gettext_noop("Check your email"),
    gettext_noop("Reset your password"),
    gettext_noop("Are you sure you want to unpublish this %(model_name)s?"),
    gettext_noop("Would you still like to publish this %(model_name)s?"),
    gettext_noop(
        "This is your dashboard on which helpful information about content you've created will be displayed."
    ),
    gettext_noop("Your locked pages"),
    gettext_noop("Your most recent edits"),
    gettext_noop(
        'Don\'t worry, we\'ve got your back. Check out the <a class="w-whats-new__link" href="%(editor_guide_link)s" target="_blank" rel="noreferrer">Wagtail Editor Guide</a> to get the low down on what\'s changed and some exciting new features!'
    ),
    gettext_noop("Awaiting your review"),
    gettext_noop("You can edit the page here:"),
    gettext_noop("You can edit the %(model_name)s here:"),
    gettext_noop("You can preview the page here:"),
    gettext_noop("Choose which type of page you'd like to create."),
    gettext_noop("Are you sure you want to delete these pages?"),
    gettext_noop("Are you sure you want to move these pages?"),
    gettext_noop("Are you sure you want to publish these pages?"),
    gettext_noop("Are you sure you want to unpublish these pages?"),
    gettext_noop("Are you sure you want to convert this alias into an ordinary page?"),
    gettext_noop("Are you sure you want to delete this page?"),
    gettext_noop("Are you sure you want to move this page into '%(title)s'?"),
    gettext_noop(
        "Are you sure you want to move this page and all of its children into '%(title)s'?"
    ),
    gettext_noop("Are you sure you want to unpublish this page?"),
    gettext_noop("Would you still like to publish this page?"),
    gettext_noop(
        "The root level is where you can add new sites to your Wagtail installation. Pages created here will not be accessible at any URL until they are associated with a site."
    ),
    gettext_noop(
        "If you just want to add pages to an existing site, create them as children of the homepage instead."
    ),
    gettext_noop("This page is locked, by you, to further editing"),
    gettext_noop("Enter a search term above"),
    gettext_noop("Choose when this page should go live and/or expire"),
    gettext_noop("Set publishing schedule"),
    gettext_noop("Locked by <b>you</b> at <b>%(locking_date)s</b>"),
    gettext_noop("Set schedule"),
    gettext_noop("You have <span>unsaved edits</span>"),
    gettext_noop(
        'JavaScript is required to use Wagtail, but it is currently disabled.<br /> Here are the <a href="https://www.enable-javascript.com/" target="_blank" rel="noreferrer">instructions how to enable JavaScript in your web browser</a>.'
    ),
    gettext_noop(
        "This workflow is currently in progress on %(workflow_states_in_progress)s pages. Deleting this workflow will cancel moderation on these page. Are you sure you want to delete this workflow?"
    ),
    gettext_noop("Are you sure you want to disable this workflow?"),
    gettext_noop("Are you sure you want to disable this task?"),
    gettext_noop("Assign your workflow to pages"),
    gettext_noop(
        'Workflows apply to child pages too. If you select a parent page here, its child pages will also use this workflow. See <a href="%(workflow_pages_url)s">the list of the pages</a> your workflow applies to.'
    ),
    gettext_noop("Choose which type of task you'd like to create."),
    gettext_noop("You haven't created any tasks."),
    gettext_noop("Your account settings have been changed successfully!"),
    gettext_noop("Are you sure you want to delete this collection?"),
    gettext_noop(
        "You are viewing a previous version of this %(model_name)s from <b>%(created_at)s</b> by %(user)s"
    ),
    gettext_noop("Are you sure you want to delete this %(model_name)s?"),
    gettext_noop(
        "You are viewing a previous version of this page from <b>%(created_at)s</b> by %(user)s"
    ),
    gettext_noop(
        "<p>Select a file where redirects are separated into rows and contains the columns representing <code>from</code> and <code>to</code> (they can be named anything).</p> <p>After submitting you will be taken to a confirmation view where you can customize your redirects before import.</p>"
    ),
    gettext_noop("Are you sure you want to delete this redirect?"),
    gettext_noop("Enter the same password as above, for verification."),
    gettext_noop("You cannot have multiple permission records for the same page."),
    gettext_noop(
        "Receive notification when comments have been created, resolved, or deleted on a page that you have subscribed to receive comment notifications on"
    ),
    gettext_noop("Are you sure you want to assign this role to these users?"),
    gettext_noop("Are you sure you want to delete these users?"),
    gettext_noop("Are you sure you want to change the active state for these users?"),
    gettext_noop("You cannot change your own active status"),
    gettext_noop("Are you sure you want to delete this group?"),
    gettext_noop("Please add some alt text for your image or mark it as decorative"),
    gettext_noop("Add/edit images you own"),
    gettext_noop(
        "Upload successful. However, your new image seems to be a duplicate of an existing image. You may delete it if it wasn't required."
    ),
    gettext_noop("You haven't uploaded any images in this collection."),
    gettext_noop("You haven't uploaded any images."),
    gettext_noop("Choose a format"),
    gettext_noop(
        "Upload successful. However, your new image seems to be a duplicate of this existing image. You may delete it if it wasn't required."
    ),
    gettext_noop("Please enter a valid URL"),
    gettext_noop(
        "There seems to be a problem with your embedly API key. Please check your settings."
    ),
    gettext_noop(
        "There seems to be an error with Embedly while trying to embed this URL. Please try again later."
    ),
    gettext_noop("Are you sure you want to delete this %(snippet_type_name)s?"),
    gettext_noop("You don't have permission to delete this %(snippet_type_name)s"),
    gettext_noop("You don't have permission to delete these %(snippet_plural_name)s"),
    gettext_noop(
        'You haven\'t created any %(snippet_type_name)s snippets. Why not <a href="%(wagtailsnippets_create_snippet_url)s" target="_blank" rel="noreferrer">create one now</a>?'
    ),
    gettext_noop("Add/edit documents you own"),
    gettext_noop("You haven't uploaded any documents in this collection."),
    gettext_noop("You haven't uploaded any documents."),
    gettext_noop(
        'You haven\'t uploaded any documents in this collection. Why not <a href="%(wagtaildocs_add_document_url)s">upload one now</a>?'
    ),
    gettext_noop(
        'You haven\'t uploaded any documents. Why not <a href="%(wagtaildocs_add_document_url)s">upload one now</a>?'
    ),
    gettext_noop("Changes requested at"),
    gettext_noop(
        "Pages created here will not be accessible at any URL. To add pages to an existing site, create them as children of the homepage."
    ),
    gettext_noop("Once live anyone can view"),
    gettext_noop(
        'Multi-word tags with spaces will automatically be enclosed in double quotes (").'
    ),
    gettext_noop(
        "The name of the page as it will appear in URLs e.g http://domain.com/blog/[my-slug]/"
    ),
    gettext_noop("Admin"),
    gettext_noop("Root page"),
)
WAGTAIL_USTED_PLURALS = (
    ngettext_lazy(
        "%(count)s of the pages being copied is live. Would you like to publish its copy?",
        "%(count)s of the pages being copied are live. Would you like to publish their copies?",
    ),
    ngettext_lazy(
        "You don't have permission to delete this page",
        "You don't have permission to delete these pages",
    ),
    ngettext_lazy(
        "You don't have permission to move this page",
        "You don't have permission to move these pages",
    ),
    ngettext_lazy(
        "You don't have permission to publish this page",
        "You don't have permission to publish these pages",
    ),
    ngettext_lazy(
        "You don't have permission to unpublish this page",
        "You don't have permission to unpublish these pages",
    ),
    ngettext_lazy(
        "You don't have permission to edit this user",
        "You don't have permission to edit these users",
    ),
    ngettext_lazy(
        "You don't have permission to delete this user",
        "You don't have permission to delete these users",
    ),
    ngettext_lazy(
        "Are you sure you want to tag the following image?",
        "Are you sure you want to tag the following images?",
    ),
    ngettext_lazy(
        "You don't have permission to add tags to this image",
        "You don't have permission to add tags to these images",
    ),
    ngettext_lazy(
        "Are you sure you want to add the following image to the selected collection?",
        "Are you sure you want to add the following images to the selected collection?",
    ),
    ngettext_lazy(
        "You don't have permission to add this image to a collection",
        "You don't have permission to add these images to a collection",
    ),
    ngettext_lazy(
        "Are you sure you want to delete this image?",
        "Are you sure you want to delete these images?",
    ),
    ngettext_lazy(
        "You don't have permission to delete this image",
        "You don't have permission to delete these images",
    ),
    ngettext_lazy(
        "Are you sure you want to tag the following document?",
        "Are you sure you want to tag the following documents?",
    ),
    ngettext_lazy(
        "You don't have permission to add tags to this document",
        "You don't have permission to add tags to these documents",
    ),
    ngettext_lazy(
        "Are you sure you want to add the following document to the selected collection?",
        "Are you sure you want to add the following documents to the selected collection?",
    ),
    ngettext_lazy(
        "You don't have permission to add this document to a collection",
        "You don't have permission to add these documents to a collection",
    ),
    ngettext_lazy(
        "Are you sure you want to delete this document?",
        "Are you sure you want to delete these documents?",
    ),
    ngettext_lazy(
        "You don't have permission to delete this document",
        "You don't have permission to delete these documents",
    ),
    ngettext_lazy("Add tags to 1 image", "Add tags to %(counter)s images"),
)

# Slips of Wagtail's Spanish that staff reported: the multiple-upload pages («…los documentos…
# para subirlas», «esta area», «ordenador» where Latin America says «computadora», «Ó») and the
# group editor («Eliminar volumen.» for bulk delete, «redirigir», a verb, naming a redirect,
# «algún documento» for any document).
WAGTAIL_SLIPS = (
    gettext_noop("Drag and drop documents into this area to upload immediately."),
    gettext_noop("Drag and drop images into this area to upload immediately."),
    gettext_noop("Or choose from your computer"),
    gettext_noop("Bulk delete"),
    gettext_noop("Delete pages with children"),
    gettext_noop("redirect"),
    gettext_noop("Edit any document"),
)
